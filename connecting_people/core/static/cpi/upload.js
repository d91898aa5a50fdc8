// Upload progress for forms marked data-progress: the files go up with a visible progress bar,
// then the browser goes where the server sent it (or shows the form again with its errors). Without
// JavaScript the form posts as usual.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-progress]");
  Array.prototype.forEach.call(forms, function (form) {
    var bar = form.querySelector("progress");
    var status = form.querySelector("[data-progress-status]");
    form.addEventListener("submit", function (event) {
      if (!window.FormData || !window.XMLHttpRequest) { return; }
      event.preventDefault();
      var request = new XMLHttpRequest();
      request.open("POST", form.action || window.location.href);
      bar.hidden = false;
      bar.value = 0;
      form.querySelector("button[type=submit]").disabled = true;
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          bar.value = Math.round((e.loaded / e.total) * 100);
          status.textContent = "Uploading: " + bar.value + "%";
        }
      });
      request.upload.addEventListener("load", function () {
        bar.removeAttribute("value");  // indeterminate while the server reads each file
        status.textContent = "Uploaded. Opening the import…";
      });
      request.addEventListener("load", function () {
        var here = form.action || window.location.href;
        if (request.responseURL && request.responseURL !== here) {
          window.location.assign(request.responseURL);
          return;
        }
        document.open();
        document.write(request.responseText);
        document.close();
      });
      request.addEventListener("error", function () {
        status.textContent = "The upload failed: check your connection and try again. Nothing was imported.";
        form.querySelector("button[type=submit]").disabled = false;
      });
      request.send(new FormData(form));
    });
  });
})();
