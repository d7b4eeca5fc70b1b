// Desk keys: j/k move through the queue (or to the next/previous story), a approves, r and i open the
// reject and needs-info choices, e edits the caption, x selects a row, ? lists the keys. Everything here has a
// plain link, button or form underneath: without this script the desk works the same, only slower.
(function () {
  "use strict";

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("tr[data-story-row]"));
  }

  function moveRow(step) {
    var all = rows();
    if (!all.length) return false;
    var index = all.findIndex(function (row) { return row.classList.contains("current"); });
    var next = Math.max(0, Math.min(all.length - 1, index < 0 ? 0 : index + step));
    all.forEach(function (row) { row.classList.remove("current"); });
    all[next].classList.add("current");
    var link = all[next].querySelector("[data-story-link]");
    if (link) link.focus();
    return true;
  }

  function currentRow() {
    return document.querySelector("tr[data-story-row].current");
  }

  function follow(selector) {
    var link = document.querySelector(selector);
    if (link) link.click();
    return Boolean(link);
  }

  function focus(selector) {
    var field = document.querySelector(selector);
    if (!field) return false;
    field.scrollIntoView({ block: "center" });
    field.focus();
    return true;
  }

  function toggleKeys() {
    var dialog = document.getElementById("keys");
    if (!dialog || typeof dialog.showModal !== "function") return false;
    if (dialog.open) dialog.close(); else dialog.showModal();
    return true;
  }

  var keys = {
    j: function () { return moveRow(1) || follow("[data-key-next]"); },
    k: function () { return moveRow(-1) || follow("[data-key-prev]"); },
    o: function () { var row = currentRow(); return row ? follow("tr.current [data-story-link]") : false; },
    x: function () {
      var box = currentRow() && currentRow().querySelector("input[type=checkbox]");
      if (!box) return false;
      box.checked = !box.checked;
      return true;
    },
    a: function () {
      var form = document.getElementById("approve-form");
      if (!form) return false;
      form.requestSubmit();
      return true;
    },
    r: function () { return focus("#reject-reason"); },
    i: function () { return focus("#info-request"); },
    e: function () { return focus("#caption"); },
    "?": toggleKeys,
  };

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (typing(event.target)) return;
    var action = keys[event.key];
    if (action && action()) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-keys-open]")) toggleKeys();
  });
})();
