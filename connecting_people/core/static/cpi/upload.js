// Upload progress for forms marked data-progress: the files go up with a visible progress bar,
// then the browser goes where the server sent it (or shows the form again with its errors). Without
// JavaScript the form posts as usual. A file field marked data-max-files says at once when more files
// are chosen (across the form's file fields) than one upload takes, and the form is not sent.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-progress]");
  Array.prototype.forEach.call(forms, function (form) {
    var bar = form.querySelector("progress");
    var status = form.querySelector("[data-progress-status]");
    var limited = form.querySelector("input[type=file][data-max-files]");

    function tooMany() {
      if (!limited) { return false; }
      var most = parseInt(limited.getAttribute("data-max-files"), 10);
      var chosen = 0;
      Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) {
        chosen += input.files ? input.files.length : 0;
      });
      status.classList.toggle("field-error", chosen > most);
      if (chosen <= most) {
        status.textContent = "";
        return false;
      }
      status.textContent = chosen + " files are chosen, and one upload takes at most " + most +
        ", the manifest included. Choose up to " + most + " and send the rest afterwards.";
      return true;
    }

    Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) {
      input.addEventListener("change", tooMany);
    });
    form.addEventListener("submit", function (event) {
      if (tooMany()) {  // the message stands beside the button just pressed
        event.preventDefault();
        return;
      }
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
