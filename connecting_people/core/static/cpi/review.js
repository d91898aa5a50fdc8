// A section of the reviewer's draft: selecting words in the text fills in the comment form (the exact
// offsets in the section's text, which the server turns into a quote with its surroundings); comments
// save without reloading the page and appear in the list; ratings save as soon as they are chosen.
// One tap on a whole-section rating saves it for every question and moves on to the next section; on a
// narrow screen those ratings are a bar at the foot of the screen, which focus is kept clear of.
// Messages appear beside the form they concern. Without JavaScript the reviewer copies the words and
// presses Save, and the page comes back with the message in the same place.
(function () {
  "use strict";
  var commentForm = document.querySelector("[data-comment-form]");
  var text = document.querySelector(".review-text");

  function say(box, message, isError) {
    box.textContent = "";
    var p = document.createElement("p");
    p.className = "message " + (isError ? "message-error" : "message-success");
    p.setAttribute("role", isError ? "alert" : "status");
    p.textContent = message;
    box.appendChild(p);
  }

  function post(form, body) {
    return fetch(form.action, {
      method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (r) { return r.json(); });
  }

  function offsetIn(container, node, offset) {
    var range = document.createRange();
    range.setStart(container, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  if (commentForm && text) {
    var quote = commentForm.querySelector("input[name=quote]");
    document.addEventListener("selectionchange", function () {
      var selection = window.getSelection();
      if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
      var range = selection.getRangeAt(0);
      if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) { return; }
      var from = offsetIn(text, range.startContainer, range.startOffset);
      var to = offsetIn(text, range.endContainer, range.endOffset);
      // Spaces at either end of the selection are left out; inside it, the offsets keep the text exactly
      // while what is shown has line breaks as spaces, as it reads.
      var raw = text.textContent.slice(from, to);
      from += raw.length - raw.replace(/^\s+/, "").length;
      to -= raw.length - raw.replace(/\s+$/, "").length;
      var words = text.textContent.slice(from, to).replace(/\s+/g, " ");
      if (!words) { return; }
      commentForm.querySelector("input[name=start]").value = from;
      commentForm.querySelector("input[name=end]").value = to;
      quote.value = words;
      commentForm.querySelector("[data-selected]").textContent = "Commenting on: “" + words + "”";
    });
    // Typing in the quote box by hand clears a selection made earlier, so what is saved is what is shown.
    quote.addEventListener("input", function () {
      commentForm.querySelector("input[name=start]").value = "";
      commentForm.querySelector("input[name=end]").value = "";
    });
    commentForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var status = commentForm.querySelector("[data-comment-status]");
      var button = commentForm.querySelector("button[type=submit]");
      button.disabled = true;
      post(commentForm, new FormData(commentForm))
        .then(function (data) {
          if (data.error) { say(status, data.error, true); return; }
          say(status, data.ok, false);
          var holder = document.querySelector("[data-comment-list]");
          var item = document.createElement("li");
          var q = document.createElement("q");
          q.textContent = data.comment.words;
          item.appendChild(q);
          item.appendChild(document.createTextNode(" " + data.comment.text + " "));
          var remove = document.createElement("form");
          remove.method = "post";
          remove.action = data.comment.remove;
          remove.className = "inline";
          var token = commentForm.querySelector("input[name=csrfmiddlewaretoken]").cloneNode();
          var removeButton = document.createElement("button");
          removeButton.type = "submit";
          removeButton.className = "link-button";
          removeButton.textContent = "Remove";
          remove.appendChild(token);
          remove.appendChild(removeButton);
          item.appendChild(remove);
          holder.querySelector("ul").appendChild(item);
          holder.hidden = false;
          ["start", "end", "quote"].forEach(function (name) {
            commentForm.querySelector("input[name=" + name + "]").value = "";
          });
          commentForm.querySelector("textarea[name=text]").value = "";
          commentForm.querySelector("[data-selected]").textContent =
            "Select words in the text above to comment on them, or copy them into the box below.";
        })
        .catch(function () { say(status, "Not saved: check your connection and try again.", true); })
        .then(function () { button.disabled = false; });
    });
  }

  // One rating for the whole section: saved without reloading this page, then on to the next section
  // the server names. Without JavaScript the button posts the form and the server redirects there.
  var wholeForm = document.querySelector("[data-whole-form]");
  if (wholeForm) {
    wholeForm.addEventListener("submit", function (event) {
      var chosen = event.submitter;
      if (!chosen || !chosen.value) { return; }
      event.preventDefault();
      var status = wholeForm.querySelector("[data-whole-status]");
      var buttons = wholeForm.querySelectorAll("button");
      var body = new FormData(wholeForm);
      body.append(chosen.name, chosen.value);
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
      status.textContent = "Saving…";
      function again() { Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; }); }
      post(wholeForm, body)
        .then(function (data) {
          if (data.error) { say(status, data.error, true); again(); return; }
          say(status, data.ok, false);
          window.location.assign(data.next);
        })
        .catch(function () { say(status, "Not saved: check your connection and try again.", true); again(); });
    });
  }

  // On a narrow screen the rating bar sits at the foot of the screen: the margin that the text's focusable
  // elements keep from the bottom when scrolled into view follows its height (a message in it, a second
  // line), so an element given the focus is never hidden behind it.
  var bar = document.querySelector(".rating-bar");
  if (bar) {
    var keepFocusClear = function () {
      document.documentElement.style.setProperty("--rating-bar-height", (bar.offsetHeight + 16) + "px");
    };
    keepFocusClear();
    if (window.ResizeObserver) { new ResizeObserver(keepFocusClear).observe(bar); }
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave]"), function (form) {
    var status = form.querySelector("[data-status]");
    form.addEventListener("change", function (event) {
      if (event.target.type !== "radio") { return; }
      status.textContent = "Saving…";
      var body = new FormData();
      body.append("csrfmiddlewaretoken", form.querySelector("input[name=csrfmiddlewaretoken]").value);
      body.append("section", form.querySelector("input[name=section]").value);
      body.append(event.target.name, event.target.value);
      post(form, body)
        .then(function (data) { say(status, data.error || "Saved.", Boolean(data.error)); })
        .catch(function () { say(status, "Not saved: check your connection and press Save.", true); });
    });
  });
}());
