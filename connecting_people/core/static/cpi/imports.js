// An import's page while its files are imported in the background: asks for the import's state every
// second and shows each file's outcome as it comes. Without JavaScript the page has a link to refresh it.
(function () {
  "use strict";
  var panel = document.querySelector("[data-import-url]");
  if (!panel || panel.getAttribute("data-finished")) { return; }
  var bar = panel.querySelector("progress");
  function show(selector, text) {
    var node = panel.querySelector(selector);
    node.textContent = text;
    node.hidden = !text;
  }
  function update(data) {
    panel.querySelector("h2").textContent = data.state_label;
    bar.max = data.total;
    bar.value = data.done;
    bar.textContent = data.done + " of " + data.total;
    panel.querySelector("[data-import-done]").textContent = data.done + " of " + data.total + " files done";
    panel.querySelector("[data-import-summary]").textContent = data.summary;
    show("[data-import-message]", data.message);
    panel.querySelector("[data-import-running]").hidden = data.finished;
    panel.querySelector("[data-import-finished]").hidden = !data.finished;
    data.files.forEach(function (file, index) {
      var row = document.querySelector('[data-import-file="' + index + '"]');
      if (!row) { return; }
      var tag = row.cells[1].querySelector(".tag");
      tag.className = "tag tag-" + file.status;
      tag.textContent = file.label;
      var details = row.cells[2];
      details.textContent = "";
      if (file.source_url) {
        var link = document.createElement("a");
        link.href = file.source_url;
        link.textContent = file.message;
        details.appendChild(link);
      } else {
        details.textContent = file.message;
      }
    });
  }
  function poll() {
    fetch(panel.getAttribute("data-import-url"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        update(data);
        if (!data.finished) { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
}());
