/* Search in the published guide, over the index built with it: every word must appear, in any of its
   forms (the index ships each page's word stems; `stem` here follows render_html.stem rule for rule).
   No network. */
(function () {
  "use strict";
  var WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

  function endsWith(w, suffixes) {
    return suffixes.some(function (s) { return w.slice(-s.length) === s; });
  }

  function stem(word) {
    var w = word.toLowerCase().replace(/’/g, "'");
    if (endsWith(w, ["'s"])) { w = w.slice(0, -2); }
    w = w.replace(/'/g, "");
    if (w.length <= 3) { return w; }
    if (endsWith(w, ["ies", "ied"]) && w.length > 4) { return w.slice(0, -3) + "y"; }
    if (endsWith(w, ["sses"])) {
      w = w.slice(0, -2);
    } else if (endsWith(w, ["s"]) && !endsWith(w, ["ss", "us", "is"])) {
      w = w.slice(0, -1);
    }
    var suffixes = ["ing", "ed"];
    for (var i = 0; i < suffixes.length; i += 1) {
      var suffix = suffixes[i];
      if (endsWith(w, [suffix]) && w.length - suffix.length >= 3) {
        w = w.slice(0, -suffix.length);
        var last = w.charAt(w.length - 1);
        if (last === w.charAt(w.length - 2) && "lsz".indexOf(last) === -1) { w = w.slice(0, -1); }
        break;
      }
    }
    if (endsWith(w, ["e"]) && w.length > 3) { w = w.slice(0, -1); }
    return w;
  }

  function matches(page, word) {
    return (" " + page.stems).indexOf(" " + stem(word)) !== -1 ||
      (page.title.toLowerCase() + " " + page.text).indexOf(word) !== -1;
  }

  var index = window.CPI_GUIDE_INDEX || [];
  var params = new URLSearchParams(window.location.search);
  var query = (params.get("q") || "").trim();
  var input = document.getElementById("search-page-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!input || !status || !list) { return; }
  input.value = query;
  if (!query) { return; }
  var words = query.toLowerCase().match(WORD) || [];
  var hits = words.length === 0 ? [] : index.filter(function (page) {
    return words.every(function (w) { return matches(page, w); });
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
