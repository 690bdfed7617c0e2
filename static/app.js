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
