// Charts drawn on the server (lib/svgchart.py) are images: a heat map cell that names an address opens
// it when clicked or tapped. Keyboards and screen readers have the same links in the table beside the
// chart, which is also what works without JavaScript.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("svg.chart"), function (chart) {
    var cells = chart.querySelectorAll("[data-href]");
    if (!cells.length) { return; }
    chart.classList.add("linked");
    Array.prototype.forEach.call(cells, function (cell) {
      cell.addEventListener("click", function () { window.location.assign(cell.getAttribute("data-href")); });
    });
  });
}());
