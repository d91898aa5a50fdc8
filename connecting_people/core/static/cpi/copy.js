// "Copy the link": puts the text of the field it names on the clipboard and says so. Without
// JavaScript (or a clipboard) the button stays hidden and the field can be selected and copied by hand.
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector("[data-copy-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () { status.textContent = "Copied."; },
        function () { field.select(); status.textContent = "Select the link and copy it."; }
      );
    });
  });
}());
