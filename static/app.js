// Backend Advisor's own script: progressive enhancement on top of htmx, no inline code.
// /quiz shows the current step: name that step in the address bar, so that history entries
// (and htmx's history restore) keep pointing at the same step later on.
const canonical = document.querySelector("link[rel=canonical][data-replace-url]");
if (canonical && canonical.href !== location.href) {
  history.replaceState(history.state, "", canonical.href);
}

// After htmx swaps in a new step (or an error), move focus to its heading so keyboard and
// screen-reader users land on the question rather than at the top of the page.
document.addEventListener("htmx:afterSettle", () => {
  const heading = document.querySelector("[data-focus-after-swap]");
  if (heading) {
    heading.focus({ preventScroll: false });
  }
});

// -- requests on real networks ----------------------------------------------------------------
// A form that htmx sends carries aria-busy while its request is on its way, and the button that
// sent it is marked, so the CSS can show progress on it (after a short delay, without moving
// anything). htmx disables the form's buttons meanwhile (hx-disabled-elt), and hx-sync drops a
// second submission, so a second tap sends nothing.
document.addEventListener("submit", (event) => {
  for (const pressed of event.target.querySelectorAll("[data-pressed]")) {
    pressed.removeAttribute("data-pressed");
  }
  if (event.submitter) {
    event.submitter.setAttribute("data-pressed", "");
  }
}, true);

document.addEventListener("htmx:beforeRequest", (event) => {
  const form = event.target.closest("form");
  if (form) {
    form.setAttribute("aria-busy", "true");
  }
});

document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.target.closest("form");
  if (form) {
    form.removeAttribute("aria-busy");
  }
});

// The app marks what it answers for htmx with `Vary: HX-Request`; a proxy's error page, a
// captive portal or anything not HTML lacks it, and is never swapped into the page.
const fromTheApp = (xhr) => {
  const type = xhr.getResponseHeader("Content-Type") || "";
  const vary = xhr.getResponseHeader("Vary") || "";
  return type.startsWith("text/html") && /(^|,)\s*HX-Request\s*(,|$)/i.test(vary);
};

// A failed request leaves the form as it was (every choice kept) and shows the message the
// page holds for it, in the page's language: hidden then shown again, so a screen reader
// announces a second failure as well as the first. The same button tries again; a request
// that succeeds swaps in a new form, without the message.
const requestFailed = (event) => {
  // The form that sent the request: beforeSwap fires on the swap's target, the rest on the form.
  const sender = (event.detail.requestConfig && event.detail.requestConfig.elt) || event.target;
  const form = sender.closest("form");
  const message = form && form.querySelector("[data-request-failed]");
  if (!message) {
    return;
  }
  message.hidden = true;
  requestAnimationFrame(() => {
    message.hidden = false;
  });
};

document.addEventListener("htmx:beforeSwap", (event) => {
  const detail = event.detail;
  if (detail.isError || (detail.shouldSwap && !fromTheApp(detail.xhr))) {
    detail.shouldSwap = false;
    detail.isError = true;
    requestFailed(event);
  }
});
document.addEventListener("htmx:sendError", requestFailed);
document.addEventListener("htmx:timeout", requestFailed);

// -- sharing a result ---------------------------------------------------------------------------
// [data-share] offers the system share sheet where there is one, else copies the link, saying
// so in a live region; when the clipboard is refused, the link is shown selected, to copy by
// hand. The button and its parts are hidden in the HTML: without JavaScript they could not work.
for (const area of document.querySelectorAll("[data-share-area]")) {
  area.hidden = false;
}

document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-share]");
  if (!button) {
    return;
  }
  const area = button.closest("[data-share-area]");
  const status = area.querySelector("[data-share-status]");
  const link = area.querySelector("[data-share-link]");
  const url = button.dataset.shareUrl;
  status.textContent = "";
  if (navigator.share) {
    try {
      await navigator.share({ title: button.dataset.shareTitle, url });
      return;
    } catch (error) {
      if (error.name === "AbortError") {
        return;  // the visitor closed the share sheet
      }
      // Not allowed here (a frame without the permission): copy the link instead.
    }
  }
  try {
    await navigator.clipboard.writeText(url);
    link.hidden = true;
    status.textContent = status.dataset.copied;
  } catch (error) {
    link.hidden = false;
    link.focus();
    link.select();
    status.textContent = status.dataset.copyByHand;
  }
});
