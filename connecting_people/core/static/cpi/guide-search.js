/* Search in the published guide, over the index built with it: every word must appear. No network. */
(function () {
  "use strict";
  var index = window.CPI_GUIDE_INDEX || [];
  var params = new URLSearchParams(window.location.search);
  var query = (params.get("q") || "").trim();
  var input = document.getElementById("search-page-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!input || !status || !list) { return; }
  input.value = query;
  if (!query) { return; }
  var words = query.toLowerCase().split(/\s+/).filter(Boolean);
  var hits = index.filter(function (page) {
    var text = page.title.toLowerCase() + " " + page.text;
    return words.every(function (w) { return text.indexOf(w) !== -1; });
  });
  hits.forEach(function (page) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = page.url;
    a.textContent = page.title;
    var part = document.createElement("span");
    part.className = "small";
    part.textContent = " (" + page.part + ")";
    li.appendChild(a);
    li.appendChild(part);
    list.appendChild(li);
  });
  status.textContent = hits.length === 0 ? "Nothing in the guide matches “" + query + "”." :
    hits.length + (hits.length === 1 ? " section matches" : " sections match") + " “" + query + "”.";
}());
