// Guide builds run in the background: each unfinished build on the page asks for its progress every
// second and shows it, with download links when the files are ready. The page is never blocked.
(function () {
  "use strict";
  var items = document.querySelectorAll("[data-build-url]");
  Array.prototype.forEach.call(items, function (item) {
    if (item.getAttribute("data-done")) { return; }
    var bar = item.querySelector("progress");
    var step = item.querySelector(".build-step");
    var files = item.querySelector(".build-files");
    function poll() {
      fetch(item.getAttribute("data-build-url"), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          bar.value = data.progress;
          bar.textContent = data.progress + "%";
          step.textContent = data.status === "failed" ? data.message : data.step;
          if (data.done) {
            files.textContent = "";
            Object.keys(data.files).forEach(function (fmt) {
              var a = document.createElement("a");
              a.href = data.files[fmt];
              a.textContent = "Download " + data.labels[fmt];
              files.appendChild(a);
              files.appendChild(document.createTextNode(" "));
            });
          } else {
            setTimeout(poll, 1000);
          }
        })
        .catch(function () { setTimeout(poll, 3000); });
    }
    poll();
  });
}());
