// Coding workbench. A selection in the source text becomes start/end offsets counted in Unicode code
// points (as the server counts them), with the quoted words kept beside them for checking; the code
// picker then opens at the selection, with a box that filters the components as you type. Codings sit
// in the margin beside their passages. Without JavaScript, or from the keyboard, the "Passage" box
// takes the words themselves and the form stays below the text.
(function () {
  "use strict";
  var body = document.getElementById("source-text");
  var form = document.getElementById("code-form");
  if (!body || !form) { return; }
  var panel = document.getElementById("code");
  var start = form.elements.namedItem("start");
  var end = form.elements.namedItem("end");
  var quote = form.elements.namedItem("quote");
  var status = document.getElementById("selection-status");
  var firstComponent = form.querySelector('input[name="components"]');
  var group = firstComponent ? firstComponent.closest(".checkboxes") : null;
  var choices = group ? Array.prototype.slice.call(group.querySelectorAll(".checkbox")) : [];
  var home = { parent: panel.parentNode, next: panel.nextSibling };
  var wide = window.matchMedia("(min-width: 50.01rem)");

  function codePoints(text) { return Array.from(text).length; }

  function offsetOf(node, offset) {
    var range = document.createRange();
    range.setStart(body, 0);
    range.setEnd(node, offset);
    return codePoints(range.toString());
  }

  // The type-ahead box above the components: narrows the list; Enter ticks the first one left.
  var filter = document.createElement("input");
  filter.type = "search";
  filter.id = "component-filter";
  filter.className = "picker-filter";
  filter.setAttribute("aria-describedby", "picker-keys");
  filter.setAttribute("autocomplete", "off");
  var filterLabel = document.createElement("label");
  filterLabel.htmlFor = filter.id;
  filterLabel.textContent = "Find a component";
  var keys = document.createElement("p");
  keys.id = "picker-keys";
  keys.className = "picker-keys";
  keys.textContent = "Keys: C opens the picker after a selection; type to narrow the list, Enter ticks the first match; Ctrl+Enter saves; Esc closes.";
  if (group) {
    group.parentNode.insertBefore(filterLabel, group);
    group.parentNode.insertBefore(filter, group);
    group.parentNode.insertBefore(keys, group);
  }

  function narrow() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    choices.forEach(function (label) {
      var text = label.textContent.toLowerCase();
      var keep = words.every(function (w) { return text.indexOf(w) !== -1; });
      label.classList.toggle("is-filtered-out", !keep);
    });
  }
  filter.addEventListener("input", narrow);
  filter.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.ctrlKey) { return; }
    event.preventDefault();
    var first = choices.filter(function (l) { return !l.classList.contains("is-filtered-out"); })[0];
    if (first) {
      var box = first.querySelector("input");
      box.checked = !box.checked;
      status.textContent = (box.checked ? "Ticked " : "Unticked ") + first.textContent.trim() + ".";
    }
  });

  function openPicker(rect) {
    if (!wide.matches) {
      return;
    }
    document.body.appendChild(panel);
    panel.classList.add("picker-open");
    var left = Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - panel.offsetWidth - 16);
    panel.style.left = Math.max(16, left) + "px";
    panel.style.top = (rect.bottom + window.scrollY + 8) + "px";
    panel.scrollIntoView({ block: "nearest" });
  }

  function closePicker() {
    if (!panel.classList.contains("picker-open")) { return; }
    panel.classList.remove("picker-open");
    panel.style.left = "";
    panel.style.top = "";
    home.parent.insertBefore(panel, home.next);
  }

  var lastRect = null;
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
    lastRect = range.getBoundingClientRect();
    status.textContent = "Selected " + codePoints(text) + " characters. Choose components and save.";
  }

  var timer = null;
  document.addEventListener("selectionchange", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(onSelection, 120);
  });
  body.addEventListener("mouseup", function () {
    window.setTimeout(function () {
      onSelection();
      var selection = window.getSelection();
      if (lastRect && selection && !selection.isCollapsed) { openPicker(lastRect); }
    }, 0);
  });
  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (event.key === "Escape") { closePicker(); return; }
    if (event.key === "Enter" && event.ctrlKey && form.contains(document.activeElement)) {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    if (!typing && (event.key === "c" || event.key === "C") && !event.ctrlKey && !event.metaKey && start.value !== "") {
      event.preventDefault();
      if (lastRect) { openPicker(lastRect); }
      filter.focus();
    }
  });
  // Typing in the passage box means the words, not an earlier selection, say what to code.
  quote.addEventListener("input", function () { start.value = ""; end.value = ""; status.textContent = ""; });

  // Codings in the margin, each level with the first line of its passage (no overlap, in text order).
  var list = document.querySelector(".codings");
  var items = list ? Array.prototype.slice.call(list.querySelectorAll(".coding[data-excerpt]")) : [];
  function align() {
    if (!list || !items.length) { return; }
    if (!wide.matches) {
      list.classList.remove("aligned");
      list.style.height = "";
      items.forEach(function (item) { item.style.top = ""; });
      return;
    }
    list.classList.add("aligned");
    var origin = list.getBoundingClientRect().top;
    var floor = 0;
    items.forEach(function (item) {
      var mark = body.querySelector('mark[data-excerpts~="' + item.dataset.excerpt + '"]');
      var want = mark ? mark.getBoundingClientRect().top - origin : floor;
      var top = Math.max(want, floor);
      item.style.top = top + "px";
      floor = top + item.offsetHeight + 8;
    });
    list.style.height = floor + "px";
  }
  // A passage and its coding show each other: choose one and the other is marked.
  function activate(id) {
    document.querySelectorAll(".is-active").forEach(function (el) { el.classList.remove("is-active"); });
    body.querySelectorAll('mark[data-excerpts~="' + id + '"]').forEach(function (m) { m.classList.add("is-active"); });
    var item = document.getElementById("excerpt-" + id);
    if (item) { item.classList.add("is-active"); }
    return item;
  }
  body.addEventListener("click", function (event) {
    var mark = event.target.closest("mark[data-excerpts]");
    var selection = window.getSelection();
    if (!mark || (selection && !selection.isCollapsed)) { return; }
    var item = activate(mark.dataset.excerpts.split(" ")[0]);
    if (item && !wide.matches) { item.scrollIntoView({ block: "nearest" }); item.focus(); }
  });
  items.forEach(function (item) {
    item.addEventListener("focusin", function () { activate(item.dataset.excerpt); });
    item.addEventListener("mouseenter", function () { activate(item.dataset.excerpt); });
  });
  align();
  window.addEventListener("resize", align);
  if (document.fonts && document.fonts.ready) { document.fonts.ready.then(align); }
})();
