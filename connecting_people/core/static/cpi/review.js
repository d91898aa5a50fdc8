// The reviewer's page: selecting words in a section fills in the comment form (the exact offsets in the
// section's text, which the server turns into a quote with its surroundings), and ratings save as
// soon as they are chosen. Without JavaScript the reviewer copies the words and presses Save.
(function () {
  "use strict";
  function offsetIn(container, node, offset) {
    var range = document.createRange();
    range.setStart(container, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }
  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    var start = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentNode;
    var container = start.closest && start.closest(".review-text");
    if (!container || !container.contains(range.endContainer)) { return; }
    var section = container.closest(".review-section");
    var form = section.querySelector("[data-comment-form]");
    if (!form) { return; }
    var from = offsetIn(container, range.startContainer, range.startOffset);
    var to = offsetIn(container, range.endContainer, range.endOffset);
    var words = container.textContent.slice(from, to);
    if (!words.trim()) { return; }
    form.querySelector("input[name=start]").value = from;
    form.querySelector("input[name=end]").value = to;
    form.querySelector("input[name=quote]").value = words;
    form.querySelector("[data-selected]").textContent = "Commenting on: “" + words + "”";
  });
  // Typing in the quote box by hand clears a selection made earlier, so what is saved is what is shown.
  Array.prototype.forEach.call(document.querySelectorAll("[data-comment-form] input[name=quote]"), function (input) {
    input.addEventListener("input", function () {
      input.form.querySelector("input[name=start]").value = "";
      input.form.querySelector("input[name=end]").value = "";
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave]"), function (form) {
    var status = form.querySelector("[data-status]");
    form.addEventListener("change", function (event) {
      if (event.target.type !== "radio") { return; }
      if (status) { status.textContent = "Saving…"; }
      var body = new FormData();
      body.append("csrfmiddlewaretoken", form.querySelector("input[name=csrfmiddlewaretoken]").value);
      body.append("section", form.querySelector("input[name=section]").value);
      body.append(event.target.name, event.target.value);
      fetch(form.action, { method: "POST", body: body, credentials: "same-origin",
                           headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) { if (status) { status.textContent = data.error || "Saved."; } })
        .catch(function () { if (status) { status.textContent = "Not saved: check your connection and press Save."; } });
    });
  });
}());
