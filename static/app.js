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

// A form htmx sends is aria-busy until the answer comes, and its pressed button is marked for
// the CSS's delayed progress mark. A second tap sends nothing (hx-disabled-elt, hx-sync).
document.addEventListener("submit", (event) => {
  event.target.querySelector("[data-pressed]")?.removeAttribute("data-pressed");
  event.submitter?.setAttribute("data-pressed", "");
}, true);
document.addEventListener("htmx:beforeRequest", (event) => {
  event.target.closest("form")?.setAttribute("aria-busy", "true");
});
document.addEventListener("htmx:afterRequest", (event) => {
  event.target.closest("form")?.removeAttribute("aria-busy");
});

// The app's answers carry `Vary: HX-Request`; a proxy's error page or a captive portal's lack
// it, and are never swapped in.
const fromTheApp = (xhr) => {
  const type = xhr.getResponseHeader("Content-Type") || "";
  const vary = xhr.getResponseHeader("Vary") || "";
  return type.startsWith("text/html") && /(^|,)\s*HX-Request\s*(,|$)/i.test(vary);
};

// A failed request leaves the form as it was, choices and all, and shows the page's own
// translated message (hidden, then shown: a screen reader announces every failure). A request
// that succeeds swaps in a new form, without it.
const requestFailed = (event) => {
  // beforeSwap fires on the swap's target, the others on the form that sent the request.
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
