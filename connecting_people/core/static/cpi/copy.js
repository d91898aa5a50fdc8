// "Copy the link": puts the text of the field it names on the clipboard and says so. Without
// JavaScript (or a clipboard) the button stays hidden and the field can be selected and copied by hand.
// A clipboard that refuses, or does not answer within a few seconds (a permission prompt left open, a
// browser that never settles the request), leaves the link selected and says to copy it by hand.
(function () {
  "use strict";
  var PATIENCE_MS = 3000;
  if (!navigator.clipboard) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector("[data-copy-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      var answered = false;
      function byHand() {
        if (answered) { return; }
        field.focus();
        field.select();
        status.textContent = "Select the link and copy it.";
      }
      var timer = window.setTimeout(byHand, PATIENCE_MS);
      status.textContent = "";
      navigator.clipboard.writeText(field.value).then(
        function () { answered = true; window.clearTimeout(timer); status.textContent = "Copied."; },
        function () { window.clearTimeout(timer); byHand(); }
      );
    });
  });
}());
