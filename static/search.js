// Search over the index that `search-index.LANG.js` assigned to window.BRIEFING_SEARCH
// (written by src/search.rs; see there for the format). Plain script, no fetch, no
// modules: it works from file:// and below any host path.
//
// Words are folded as the build folds them (lowercase, NFKD, combining marks dropped),
// every query word matches as a prefix (`kazak` finds Kazakistan), all words must match,
// and a match in the title ranks above one in the summary, then the tags, then the body;
// ties go to the newest. Body text comes in shards (`search-text/LANG/N.js`), loaded
// with a <script> tag only for the results on screen, to cut a snippet around the match.
// Index text reaches the page only as text nodes, never as HTML.
(function () {
  "use strict";

  var FORMAT = 1;
  var PAGE_SIZE = 20;
  var DEBOUNCE_MS = 150;
  var SNIPPET_BEFORE = 60;
  var SNIPPET_LENGTH = 220;
  var WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;
  var NOT_WORD = /[^\p{Alphabetic}\p{N}]+/u;
  var MARKS = /\p{M}/gu;
  var DIGITS = "0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_";
  // Columns of a document row.
  var PATH = 0, TITLE = 1, DATE = 2, ISO = 3, SUMMARY = 4, TAGS = 5;

  var app = document.getElementById("search-app");
  var input = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  if (!app || !input || !status || !list) {
    return;
  }
  var ui = app.dataset;
  var root = ui.root || "";
  var data = window.BRIEFING_SEARCH;
  if (!data || data.v !== FORMAT) {
    status.textContent = ui.error || "";
    return;
  }

  // ---- The index ---------------------------------------------------------------------

  var docs = data.docs;
  var terms = data.terms ? data.terms.split("\n") : [];
  var postings = data.postings ? data.postings.split(" ") : [];
  var decoded = new Array(terms.length);
  var fieldWords = new Array(docs.length);
  var shardStarts = data.shards || [];
  var shardState = {};
  var texts = new Array(docs.length);
  var digitValue = {};
  for (var i = 0; i < DIGITS.length; i++) {
    digitValue[DIGITS.charCodeAt(i)] = i;
  }

  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(MARKS, "").toLowerCase();
  }

  function words(text) {
    return fold(text).split(NOT_WORD).filter(function (w) { return w !== ""; });
  }

  // The ids of the documents holding term `t`: see encode_postings in src/search.rs.
  function decode(t) {
    if (decoded[t]) {
      return decoded[t];
    }
    var text = postings[t];
    var negated = text.charCodeAt(0) === 33; // "!"
    var ids = [];
    var value = 0, previous = -1;
    for (var k = negated ? 1 : 0; k < text.length; k++) {
      var d = digitValue[text.charCodeAt(k)];
      if (d >= 32) {
        value = value * 32 + d - 32;
      } else {
        previous += 1 + value * 32 + d;
        ids.push(previous);
        value = 0;
      }
    }
    if (negated) {
      var all = [], next = 0;
      for (var id = 0; id < docs.length; id++) {
        if (next < ids.length && ids[next] === id) {
          next++;
        } else {
          all.push(id);
        }
      }
      ids = all;
    }
    decoded[t] = ids;
    return ids;
  }

  // The first term not below `word` (terms are sorted as JavaScript compares strings).
  function lowerBound(word) {
    var lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (terms[mid] < word) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  // Per document: 2 if it holds `word`, 1 if only words starting with it, else 0.
  function matchWord(word) {
    var found = new Uint8Array(docs.length);
    for (var t = lowerBound(word); t < terms.length && terms[t].startsWith(word); t++) {
      var kind = terms[t].length === word.length ? 2 : 1;
      var ids = decode(t);
      for (var k = 0; k < ids.length; k++) {
        if (found[ids[k]] < kind) {
          found[ids[k]] = kind;
        }
      }
    }
    return found;
  }

  function wordsOf(id) {
    if (!fieldWords[id]) {
      var doc = docs[id];
      fieldWords[id] = [words(doc[TITLE]), words(doc[SUMMARY]), words(doc[TAGS])];
    }
    return fieldWords[id];
  }

  // 2 if `list` holds `word`, 1 if a word starting with it, else 0.
  function best(list, word) {
    var kind = 0;
    for (var k = 0; k < list.length; k++) {
      if (list[k] === word) {
        return 2;
      }
      if (list[k].startsWith(word)) {
        kind = 1;
      }
    }
    return kind;
  }

  // Points for a query word found in the title, else the summary, else the tags (for a
  // word starting with it, for the word itself); else the body gives 1 or 2. A field
  // is worth far more than all the fields after it, so for one or two words a match
  // in the title or summary always ranks above matches in the body only.
  var WEIGHTS = [[0, 64, 96], [0, 16, 24], [0, 4, 6]];

  function score(id, query, found) {
    var fields = wordsOf(id);
    var total = 0;
    for (var w = 0; w < query.length; w++) {
      var points = 0;
      for (var f = 0; f < fields.length && points === 0; f++) {
        points = WEIGHTS[f][best(fields[f], query[w])];
      }
      total += points || found[w][id]; // body: 2 for the word itself, 1 for a prefix
    }
    return total;
  }

  function search(query) {
    var found = query.map(matchWord);
    var results = [];
    for (var id = 0; id < docs.length; id++) {
      var all = true;
      for (var w = 0; w < query.length && all; w++) {
        all = found[w][id] > 0;
      }
      if (all) {
        results.push({ id: id, score: score(id, query, found) });
      }
    }
    results.sort(function (a, b) {
      if (a.score !== b.score) {
        return b.score - a.score;
      }
      var da = docs[a.id][ISO], db = docs[b.id][ISO];
      if (da !== db) {
        return da < db ? 1 : -1;
      }
      return a.id - b.id;
    });
    return results;
  }

  // ---- Highlighting ------------------------------------------------------------------

  // Where the words of `query` start a word of `text`: [start, end, query word] in
  // `text`'s own indices, each covering the whole word of the text.
  function matches(text, query) {
    var folded = "";
    var origin = [];
    for (var i = 0; i < text.length;) {
      var code = text.codePointAt(i);
      var width = code > 0xffff ? 2 : 1;
      var piece = code < 128 ? text[i].toLowerCase() : fold(text.substr(i, width));
      for (var k = 0; k < piece.length; k++) {
        origin.push(i);
      }
      folded += piece;
      i += width;
    }
    origin.push(text.length);
    var found = [];
    var inWord = false;
    for (var p = 0; p < folded.length; p++) {
      var wordChar = WORD_CHAR.test(folded[p]);
      if (wordChar && !inWord) {
        for (var w = 0; w < query.length; w++) {
          if (folded.startsWith(query[w], p)) {
            var end = p + 1;
            while (end < folded.length && WORD_CHAR.test(folded[end])) {
              end++;
            }
            if (origin[end] > origin[p]) {
              found.push([origin[p], origin[end], w]);
            }
            break;
          }
        }
      }
      inWord = wordChar;
    }
    return found;
  }

  // Appends text[from, to) to `parent`, with the `found` ranges inside it as <mark>.
  function appendMarked(parent, text, from, to, found) {
    var at = from;
    for (var k = 0; k < found.length; k++) {
      var start = Math.max(found[k][0], from), end = Math.min(found[k][1], to);
      if (start < at || end <= start) {
        continue;
      }
      if (start > at) {
        parent.appendChild(document.createTextNode(text.slice(at, start)));
      }
      var mark = document.createElement("mark");
      mark.textContent = text.slice(start, end);
      parent.appendChild(mark);
      at = end;
    }
    if (to > at) {
      parent.appendChild(document.createTextNode(text.slice(at, to)));
    }
  }

  // An element showing `text` with the words of `query` marked; notes in `shown` which
  // query words it shows.
  function marked(tag, className, text, query, shown) {
    var el = document.createElement(tag);
    if (className) {
      el.className = className;
    }
    var found = matches(text, query);
    for (var k = 0; k < found.length; k++) {
      shown[found[k][2]] = true;
    }
    appendMarked(el, text, 0, text.length, found);
    return el;
  }

  // A window of the body around the match with the most distinct query words nearby,
  // counting twice those that title, summary and tags (`shown`) do not already show.
  // With no match in the body, the snippet is the body's first lines: its box is
  // already on screen (see .search-snippet in style.css), and stays filled.
  function fillSnippet(el, text, query, shown) {
    var found = matches(text, query);
    if (found.length === 0) {
      var cut = text.length > SNIPPET_LENGTH ? text.lastIndexOf(" ", SNIPPET_LENGTH) : -1;
      el.textContent = cut > 0 ? text.slice(0, cut) + " …" : text;
      return;
    }
    var bestAt = 0, bestCount = 0;
    for (var k = 0; k < found.length; k++) {
      var seen = {}, count = 0;
      for (var j = k; j < found.length && found[j][0] < found[k][0] + SNIPPET_LENGTH - SNIPPET_BEFORE; j++) {
        var w = found[j][2];
        if (!seen[w]) {
          seen[w] = true;
          count += shown[w] ? 1 : 2;
        }
      }
      if (count > bestCount) {
        bestAt = k;
        bestCount = count;
      }
    }
    var start = Math.max(0, found[bestAt][0] - SNIPPET_BEFORE);
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < found[bestAt][0] ? space + 1 : found[bestAt][0];
    }
    var end = Math.min(text.length, start + SNIPPET_LENGTH);
    if (end < text.length) {
      var back = text.lastIndexOf(" ", end);
      if (back > found[bestAt][1]) {
        end = back;
      }
    }
    el.textContent = "";
    if (start > 0) {
      el.appendChild(document.createTextNode("… "));
    }
    appendMarked(el, text, start, end, found);
    if (end < text.length) {
      el.appendChild(document.createTextNode(" …"));
    }
  }

  // ---- Body text shards --------------------------------------------------------------

  function shardOf(id) {
    var lo = 0, hi = shardStarts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >>> 1;
      if (shardStarts[mid] <= id) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  function needText(id) {
    if (texts[id] !== undefined || shardStarts.length === 0) {
      return;
    }
    var k = shardOf(id);
    if (shardState[k]) {
      return;
    }
    shardState[k] = "loading";
    var script = document.createElement("script");
    script.src = root + data.text + k + ".js";
    script.onerror = function () {
      shardState[k] = "failed";
    };
    document.head.appendChild(script);
  }

  window.BRIEFING_SEARCH_TEXT = function (lang, k, shard) {
    if (lang !== data.lang || shardStarts[k] === undefined) {
      return;
    }
    for (var j = 0; j < shard.length; j++) {
      texts[shardStarts[k] + j] = shard[j];
    }
    shardState[k] = "done";
    fillSnippets();
  };

  // ---- The page ----------------------------------------------------------------------

  var current = { query: [], results: [], shown: 0 };
  var snippetsPending = [];

  function fillSnippets() {
    snippetsPending = snippetsPending.filter(function (item) {
      if (texts[item.id] === undefined) {
        return true;
      }
      fillSnippet(item.el, texts[item.id], current.query, item.shown);
      return false;
    });
    // For bench/search.py: results on screen still waiting for their text shard.
    app.dataset.pendingSnippets = snippetsPending.filter(function (item) {
      return shardState[shardOf(item.id)] === "loading";
    }).length;
  }

  function renderResult(id) {
    var doc = docs[id];
    var query = current.query;
    var shown = {};
    var li = document.createElement("li");
    var link = marked("a", "", doc[TITLE], query, shown);
    link.href = root + doc[PATH];
    li.appendChild(link);
    var meta = document.createElement("p");
    meta.className = "search-meta";
    if (doc[ISO]) {
      var time = document.createElement("time");
      time.dateTime = doc[ISO];
      time.textContent = doc[DATE];
      meta.appendChild(time);
    }
    if (doc[TAGS]) {
      if (doc[ISO]) {
        meta.appendChild(document.createTextNode(" · "));
      }
      var tags = marked("span", "search-tags", doc[TAGS], query, shown);
      meta.appendChild(tags);
    }
    li.appendChild(meta);
    if (doc[SUMMARY]) {
      li.appendChild(marked("p", "search-summary", doc[SUMMARY], query, shown));
    }
    var snippet = document.createElement("p");
    snippet.className = "search-snippet";
    // Without body text shards there is no snippet to wait for.
    snippet.hidden = shardStarts.length === 0;
    li.appendChild(snippet);
    snippetsPending.push({ id: id, el: snippet, shown: shown });
    needText(id);
    return li;
  }

  function showMore() {
    var from = current.shown;
    var to = Math.min(current.results.length, from + PAGE_SIZE);
    var fragment = document.createDocumentFragment();
    for (var k = from; k < to; k++) {
      fragment.appendChild(renderResult(current.results[k].id));
    }
    list.appendChild(fragment);
    current.shown = to;
    if (more) {
      more.hidden = to >= current.results.length;
    }
    fillSnippets();
    return from;
  }

  // The plural form the page gives (data-results-one, -few, -many, -other...) for the
  // CLDR category of `count` in the page language, as the build picks forms.
  function resultsWord(count, lang) {
    var category = "other";
    try {
      category = new Intl.PluralRules(lang).select(count);
    } catch (e) {
      category = count === 1 ? "one" : "other";
    }
    var key = "results" + category.charAt(0).toUpperCase() + category.slice(1);
    return ui[key] || ui.resultsOther || "";
  }

  function announce(text, count) {
    var quoted = (ui.quoted || "“{q}”").replace("{q}", text);
    if (count === 0) {
      status.textContent = ui.none + " " + quoted + ".";
    } else {
      var lang = document.documentElement.lang || undefined;
      var number = count.toLocaleString(lang);
      status.textContent = number + " " + resultsWord(count, lang) + " " + quoted;
    }
  }

  function keepInUrl(text) {
    try {
      var url = new URL(window.location.href);
      if (text) {
        url.searchParams.set("q", text);
      } else {
        url.searchParams.delete("q");
      }
      if (url.href !== window.location.href) {
        window.history.replaceState(window.history.state, "", url.href);
      }
    } catch (error) {
      // Some browsers refuse to touch the history of a file:// page: searching still works.
    }
  }

  var lastText = null;

  function run() {
    var text = input.value.trim().replace(/\s+/g, " ");
    if (text === lastText) {
      return;
    }
    lastText = text;
    keepInUrl(text);
    var query = words(text).filter(function (w, k, all) { return all.indexOf(w) === k; });
    list.textContent = "";
    snippetsPending = [];
    current = { query: query, results: [], shown: 0 };
    if (query.length === 0) {
      status.textContent = text ? ui.none + " " + (ui.quoted || "“{q}”").replace("{q}", text) + "." : ui.prompt;
      if (more) {
        more.hidden = true;
      }
      return;
    }
    var started = performance.now();
    current.results = search(query);
    showMore();
    announce(text, current.results.length);
    // For bench/search.py: milliseconds the last search and its rendering took.
    app.dataset.lastSearchMs = (performance.now() - started).toFixed(1);
  }

  var timer = 0;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, DEBOUNCE_MS);
  });
  if (input.form) {
    input.form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      run();
    });
  }
  if (more) {
    more.addEventListener("click", function () {
      var first = showMore();
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) {
        link.focus();
      }
    });
  }

  // Arrow keys: from the box down into the results, and between results.
  function resultLinks() {
    return Array.prototype.map.call(list.children, function (li) { return li.querySelector("a"); });
  }
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && list.firstElementChild) {
      event.preventDefault();
      resultLinks()[0].focus();
    }
  });
  list.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") {
      return;
    }
    var links = resultLinks();
    var at = links.indexOf(document.activeElement);
    if (at < 0) {
      return;
    }
    event.preventDefault();
    if (event.key === "ArrowDown" && at + 1 < links.length) {
      links[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      (at > 0 ? links[at - 1] : input).focus();
    }
  });

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  input.value = initial;
  run();
})();
