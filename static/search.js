// Client-side search over the index loaded by a <script> tag (works from file://).
// Being replaced by the full implementation (issue 6).
(function () {
  "use strict";
  var index = window.BRIEFING_SEARCH;
  var params = new URLSearchParams(window.location.search);
  var query = (params.get("q") || "").trim();
  var input = document.getElementById("search-query");
  if (input) { input.value = query; }
  var list = document.getElementById("search-results");
  if (!index || !list || !query) { return; }
  var words = query.toLowerCase().split(/\s+/);
  index.docs.forEach(function (doc) {
    var hay = (doc.title + " " + doc.summary + " " + doc.text).toLowerCase();
    if (words.every(function (w) { return hay.indexOf(w) >= 0; })) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "../../" + doc.path;
      a.textContent = doc.title;
      li.appendChild(a);
      list.appendChild(li);
    }
  });
})();
