// Live preview of Markdown fields: each textarea with data-preview="ID" shows, in the element with
// that id, the text as it will be published (rendered and sanitised by the server). Without
// JavaScript the page still shows the preview of what was last saved.
(function () {
  "use strict";
  var areas = document.querySelectorAll("textarea[data-preview]");
  Array.prototype.forEach.call(areas, function (area) {
    var target = document.getElementById(area.getAttribute("data-preview"));
    var form = area.form;
    var url = form && form.getAttribute("data-preview-url");
    if (!target || !url) { return; }
    var timer = null;
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    function refresh() {
      var body = new FormData();
      body.append("text", area.value);
      fetch(url, { method: "POST", body: body, credentials: "same-origin",
                   headers: { "X-CSRFToken": token ? token.value : "" } })
        .then(function (r) { return r.json(); })
        .then(function (data) { target.innerHTML = data.html !== undefined ? data.html : ""; })
        .catch(function () { /* keep the last preview; saving still works */ });
    }
    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
    // Text typed before this script ran (it loads after the page is shown) has had no preview yet.
    if (area.value !== area.defaultValue) { refresh(); }
  });
}());
