// Tells the page around the iframe how tall the list is, so widget.js can size it (without it, the iframe scrolls).
(function () {
  function send() { parent.postMessage({storydeskWidgetHeight: document.documentElement.scrollHeight}, "*"); }
  window.addEventListener("load", send); window.addEventListener("resize", send);
})();
