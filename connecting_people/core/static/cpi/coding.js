// Coding workbench. A selection in the source text becomes start/end offsets counted in Unicode code
// points (as the server counts them), with the quoted words kept beside them for checking; the code
// picker then opens with a box that filters the components as you type. With a mouse on a wide screen
// it opens just under a dragged selection; on a phone, or when the words were chosen by touch (no
// mouseup comes), it opens as a sheet along the bottom of the screen as soon as the selection settles,
// and the page scrolls so the selected words stay in sight above it. Codings sit in the margin beside
// their passages. Without JavaScript, or from the keyboard, the "Passage" box takes the words
// themselves and the form stays below the text.
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
    group.closest(".field").classList.add("components-field");
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

  // The sheet's own furniture: what is selected, and a button to close it (shown only while it is open).
  var passageField = quote.closest(".field");
  if (passageField) { passageField.classList.add("passage-field"); }
  var sheetBar = document.createElement("div");
  sheetBar.className = "sheet-bar";
  var sheetQuote = document.createElement("p");
  sheetQuote.className = "sheet-quote";
  sheetQuote.id = "sheet-quote";
  var closeButton = document.createElement("button");
  closeButton.type = "button";
  closeButton.className = "button button-secondary sheet-close";
  closeButton.textContent = "Close";
  closeButton.setAttribute("aria-label", "Close the code picker");
  sheetBar.appendChild(sheetQuote);
  sheetBar.appendChild(closeButton);
  var heading = document.getElementById("code-heading");
  heading.parentNode.insertBefore(sheetBar, heading.nextSibling);

  var lastPointer = "mouse";
  var returnFocus = null;
  // A sheet on a narrow screen, and wherever the words were chosen with a finger.
  function useSheet() { return !wide.matches || lastPointer === "touch"; }
  function isOpen() { return panel.classList.contains("picker-open") || panel.classList.contains("picker-sheet"); }

  function openPicker(rect) {
    if (useSheet()) { openSheet(); return; }
    closeSheet();
    document.body.appendChild(panel);
    panel.classList.add("picker-open");
    var left = Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - panel.offsetWidth - 16);
    panel.style.left = Math.max(16, left) + "px";
    panel.style.top = (rect.bottom + window.scrollY + 8) + "px";
    panel.scrollIntoView({ block: "nearest" });
  }

  function closeFloating() {
    if (!panel.classList.contains("picker-open")) { return; }
    panel.classList.remove("picker-open");
    panel.style.left = "";
    panel.style.top = "";
    home.parent.insertBefore(panel, home.next);
  }

  // The page keeps room for the sheet below its last line, and the browser keeps whatever has focus
  // clear of it (scroll-padding), so nothing on the page is hidden behind it (WCAG 2.4.11).
  function reserveRoom() {
    document.documentElement.style.setProperty("--sheet-height", panel.offsetHeight + "px");
  }

  // The selected words, scrolled into sight above the sheet (or below the top of the screen).
  function keepSelectionInSight() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var rect = selection.getRangeAt(0).getBoundingClientRect();
    var room = window.innerHeight - panel.offsetHeight - 12;
    if (rect.bottom > room && rect.height < room - 12) {
      window.scrollBy(0, rect.bottom - room);
    } else if (rect.top < 12 || rect.height >= room - 12) {
      window.scrollBy(0, rect.top - 12);
    }
  }

  function openSheet() {
    closeFloating();
    if (!panel.classList.contains("picker-sheet")) {
      panel.classList.add("picker-sheet");
      panel.setAttribute("role", "dialog");
      panel.setAttribute("aria-modal", "false");
      document.documentElement.classList.add("sheet-open");
      panel.scrollTop = 0;
    }
    reserveRoom();
    keepSelectionInSight();
  }

  function closeSheet() {
    if (!panel.classList.contains("picker-sheet")) { return; }
    var hadFocus = panel.contains(document.activeElement);
    panel.classList.remove("picker-sheet");
    panel.removeAttribute("role");
    panel.removeAttribute("aria-modal");
    document.documentElement.classList.remove("sheet-open");
    document.documentElement.style.removeProperty("--sheet-height");
    if (hadFocus) {
      if (returnFocus && document.contains(returnFocus)) { returnFocus.focus(); } else { document.activeElement.blur(); }
    }
    returnFocus = null;
  }

  function closePicker() { closeFloating(); closeSheet(); }
  closeButton.addEventListener("click", closePicker);

  var lastRect = null;
  function onSelection() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0) { return false; }
    var range = selection.getRangeAt(0);
    if (range.collapsed || !body.contains(range.startContainer) || !body.contains(range.endContainer)) { return false; }
    var text = range.toString();
    if (!text.trim()) { return false; }
    start.value = offsetOf(range.startContainer, range.startOffset);
    end.value = offsetOf(range.endContainer, range.endOffset);
    quote.value = text;
    lastRect = range.getBoundingClientRect();
    var words = text.trim().replace(/\s+/g, " ");
    sheetQuote.textContent = "“" + (codePoints(words) > 90 ? Array.from(words).slice(0, 88).join("") + "…" : words) + "”";
    status.textContent = "Selected " + codePoints(text) + " characters. Choose components and save.";
    return true;
  }

  // A selection made with a finger (or any selection on a phone) opens the sheet once it settles;
  // a mouse on a wide screen opens the picker at the selection when the button is let go.
  body.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType || "mouse"; });
  var timer = null;
  document.addEventListener("selectionchange", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      if (onSelection() && useSheet()) { openSheet(); }
    }, useSheet() ? 350 : 120);
  });
  body.addEventListener("mouseup", function (event) {
    if (event.pointerType === "touch" || lastPointer === "touch") { return; }
    window.setTimeout(function () {
      onSelection();
      var selection = window.getSelection();
      if (lastRect && selection && !selection.isCollapsed) { openPicker(lastRect); }
    }, 0);
  });
  window.addEventListener("resize", function () { if (panel.classList.contains("picker-sheet")) { reserveRoom(); } });
  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (event.key === "Escape") {
      if (isOpen()) { event.preventDefault(); }
      closePicker();
      return;
    }
    if (event.key === "Enter" && event.ctrlKey && form.contains(document.activeElement)) {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    if (!typing && (event.key === "c" || event.key === "C") && !event.ctrlKey && !event.metaKey && start.value !== "") {
      event.preventDefault();
      if (!panel.contains(document.activeElement)) { returnFocus = document.activeElement; }
      if (useSheet()) { openSheet(); } else if (lastRect) { openPicker(lastRect); }
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
