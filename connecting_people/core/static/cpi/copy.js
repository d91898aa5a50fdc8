// "Copy the link": puts the text of the field it names on the clipboard and says so. Without
// JavaScript (or a clipboard) the button stays hidden and the field can be selected and copied by hand.
// A clipboard that refuses, or does not answer within a few seconds (a permission prompt left open, a
// browser that never settles the request), leaves the link selected and says to copy it by hand. Only
// the latest press speaks: an earlier one answering late changes nothing. A late "copied" still says so.
(function () {
  "use strict";
  var PATIENCE_MS = 3000;
  if (!navigator.clipboard) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector("[data-copy-status]");
    var presses = 0;
    var timer = null;
    button.hidden = false;
    button.addEventListener("click", function () {
      var press = presses += 1;
      var toldToCopy = false;
      function settle(copied) {
        if (press !== presses) { return; }
        window.clearTimeout(timer);
        if (copied) {  // even after the message to copy by hand: the link is on the clipboard now
          status.textContent = "Copied.";
        } else if (!toldToCopy) {
          toldToCopy = true;
          field.focus();
          field.select();
          status.textContent = "Select the link and copy it.";
        }
      }
      window.clearTimeout(timer);
      status.textContent = "";
      timer = window.setTimeout(function () { settle(false); }, PATIENCE_MS);
      navigator.clipboard.writeText(field.value).then(
        function () { settle(true); },
        function () { settle(false); }
      );
    });
  });
}());
