// Result pages only: [data-share] offers the system share sheet where there is one, else copies
// the link, saying so in a live region; when the clipboard is refused, the link is shown
// selected, to copy by hand. Hidden in the HTML: without JavaScript it could not work.
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
