// Inside the embedded quiz's frame: tell the embedding page how tall this page is, so that it
// sizes the frame to fit (growing and shrinking), and which page is shown, so that it can
// scroll to the frame's top on a step change. Messages go only to the origins allowed to frame
// the quiz (EMBED_ORIGINS), never to "*".
(() => {
  const allowed = (document.currentScript.dataset.embedOrigins || "").split(" ").filter(Boolean);
  if (window.parent === window || allowed.length === 0) return;
  // Chromium and Safari name the embedding origin; elsewhere, offer the message to each allowed
  // origin: the browser delivers it only to the one the parent really has.
  const ancestor = location.ancestorOrigins && location.ancestorOrigins[0];
  const targets = ancestor ? allowed.filter((origin) => origin === ancestor) : allowed;
  let last = 0;
  const report = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last && report.page === location.pathname) return;
    last = height;
    report.page = location.pathname;
    for (const origin of targets) {
      window.parent.postMessage({ type: "advisor:size", height, page: location.pathname }, origin);
    }
  };
  new ResizeObserver(report).observe(document.documentElement);
  document.addEventListener("htmx:afterSettle", report);
  window.addEventListener("load", report);
})();
