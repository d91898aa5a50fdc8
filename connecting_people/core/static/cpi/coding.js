// Coding workbench: turns a selection in the source text into start/end offsets counted in Unicode
// code points (as the server counts them), and keeps the quoted words beside it for checking.
// Without JavaScript, or from the keyboard, the "Passage" box takes the words themselves.
(function () {
  "use strict";
  var body = document.getElementById("source-text");
  var form = document.getElementById("code-form");
  if (!body || !form) { return; }
  var start = form.elements.namedItem("start");
  var end = form.elements.namedItem("end");
  var quote = form.elements.namedItem("quote");
  var status = document.getElementById("selection-status");

  function codePoints(text) { return Array.from(text).length; }

  function offsetOf(node, offset) {
    var range = document.createRange();
    range.setStart(body, 0);
    range.setEnd(node, offset);
    return codePoints(range.toString());
  }

  function onSelection() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0) { return; }
    var range = selection.getRangeAt(0);
    if (range.collapsed || !body.contains(range.startContainer) || !body.contains(range.endContainer)) { return; }
    var text = range.toString();
    if (!text.trim()) { return; }
    start.value = offsetOf(range.startContainer, range.startOffset);
    end.value = offsetOf(range.endContainer, range.endOffset);
    quote.value = text;
    status.textContent = "Selected " + codePoints(text) + " characters. Choose components below and save.";
  }

  var timer = null;
  document.addEventListener("selectionchange", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(onSelection, 120);
  });
  // Typing in the passage box means the words, not an earlier selection, say what to code.
  quote.addEventListener("input", function () { start.value = ""; end.value = ""; status.textContent = ""; });
})();
