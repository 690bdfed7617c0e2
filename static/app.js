// Backend Advisor's own script: progressive enhancement on top of htmx, no inline code.
// After htmx swaps in a new step (or an error), move focus to its heading so keyboard and
// screen-reader users land on the question rather than at the top of the page.
document.addEventListener("htmx:afterSettle", () => {
  const heading = document.querySelector("[data-focus-after-swap]");
  if (heading) {
    heading.focus({ preventScroll: false });
  }
});
