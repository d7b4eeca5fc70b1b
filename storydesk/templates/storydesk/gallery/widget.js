/* {{ campaign.site_name }}: the latest stories on your page. Paste where the stories should appear:
   <div data-storydesk-widget data-stories="3"></div><script src="{{ site_url }}/widget.js" async></script> */
(function () {
  "use strict";
  var base = "{{ site_url|escapejs }}", path = "{{ widget_path|escapejs }}";
  var origin = new URL(base).origin;
  var frames = [];
  document.querySelectorAll("[data-storydesk-widget]").forEach(function (box) {
    if (box.querySelector("iframe")) return;
    var n = parseInt(box.getAttribute("data-stories") || "3", 10) || 3;
    var frame = document.createElement("iframe");
    frame.src = base + path + "?n=" + Math.min(Math.max(n, 1), 10);
    frame.title = "{{ campaign.site_name|escapejs }}";
    frame.loading = "lazy";
    frame.style.cssText = "width:100%;max-width:28rem;height:32rem;border:0;";
    box.appendChild(frame);
    frames.push(frame);
  });
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !event.data || typeof event.data.storydeskWidgetHeight !== "number") return;
    frames.forEach(function (frame) {
      if (frame.contentWindow === event.source) frame.style.height = Math.min(event.data.storydeskWidgetHeight, 4000) + "px";
    });
  });
})();
