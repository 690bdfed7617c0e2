// The consultation form's proof of work (ALTCHA's v1 scheme, verified on the server by the
// `altcha` library): find the number n for which SHA-256(salt + n) is the challenge, with
// WebCrypto, in batches so the page stays responsive. Starts when the visitor first reaches
// the form, so a visitor who only reads the result spends nothing. Without this script (or
// WebCrypto) the form is sent as is: the server then asks for a longer time since render.
const form = document.querySelector("form[data-consultation][data-pow]");
if (form && window.crypto && crypto.subtle) {
  const challenge = JSON.parse(form.dataset.pow);
  const field = form.querySelector("input[name=altcha]");
  const status = form.querySelector("[data-pow-status]");
  const encoder = new TextEncoder();
  const BATCH = 1000;
  const hex = (buffer) =>
    Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
  const payload = (number) => btoa(JSON.stringify({
    algorithm: challenge.algorithm, challenge: challenge.challenge, number,
    salt: challenge.salt, signature: challenge.signature,
  }));
  async function solve() {
    for (let start = 0; start <= challenge.maxNumber; start += BATCH) {
      const tries = [];
      for (let n = start; n < start + BATCH && n <= challenge.maxNumber; n++) {
        tries.push(crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + n)));
      }
      const found = (await Promise.all(tries)).findIndex((d) => hex(d) === challenge.challenge);
      if (found >= 0) {
        return payload(start + found);
      }
    }
    return "";
  }
  let solving = null;
  const begin = () => {
    solving = solving || solve().then((solution) => { field.value = solution; });
    return solving;
  };
  form.addEventListener("focusin", begin, { once: true });
  form.addEventListener("submit", (event) => {
    if (field.value || form.dataset.powDone) {
      return;
    }
    event.preventDefault();
    form.setAttribute("aria-busy", "true");
    status.textContent = status.dataset.checking || "";
    begin().then(() => {
      form.dataset.powDone = "1";
      form.removeAttribute("aria-busy");
      form.requestSubmit();
    });
  });
}
