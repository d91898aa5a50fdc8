// A directory upload's page while the file is checked and imported in the background: asks every two
// seconds whether it is finished, then opens the page again, which shows the report or the problems.
// Without JavaScript the page has a link to refresh it.
(function () {
  "use strict";
  var panel = document.querySelector("[data-upload-url]");
  if (!panel) { return; }
  function poll() {
    fetch(panel.getAttribute("data-upload-url"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.finished) {
          window.location.reload();
          return;
        }
        panel.querySelector("h2").textContent = data.state_label;
        setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
}());
