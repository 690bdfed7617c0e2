/* Backend Advisor's embed snippet (README, "Embedding"): puts the quiz, or data-quiz's
 * comparison, in an iframe after itself, kept as tall as its page (postMessage from the
 * quiz's own origin and frame only), and scrolls back to the frame's top on a step change. */
(function () {
  var script = document.currentScript;
  if (!script || !script.src) return;
  var app = new URL(script.src).origin;
  var lang = script.getAttribute("data-lang") === "ne" ? "/ne" : "";
  var query = new URLSearchParams();
  var source = script.getAttribute("data-source");
  if (source) query.set("source", source);
  var quiz = script.getAttribute("data-quiz");
  var frame = document.createElement("iframe");
  frame.src = app + lang + "/embed" + (quiz ? "/compare/" + encodeURIComponent(quiz) : "") +
    "/quiz" + (source ? "?" + query : "");
  frame.title = script.getAttribute("data-title") || "The Backend Advisor quiz";
  frame.setAttribute("scrolling", "no");
  frame.style.cssText = "display:block;width:100%;border:0;overflow:hidden;height:32rem";
  script.parentNode.insertBefore(frame, script.nextSibling);
  var shown = null;
  window.addEventListener("message", function (event) {
    if (event.origin !== app || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== "advisor:size" || !(data.height > 0)) return;
    frame.style.height = Math.ceil(data.height) + "px";
    if (shown !== null && data.page !== shown && frame.getBoundingClientRect().top < 0) {
      frame.scrollIntoView({ block: "start" });
    }
    shown = data.page;
  });
})();
