// briefing serve: reloads this tab after a rebuild and shows the problems of a
// broken edit over the page. Injected into served pages only, never into a build.
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = Number(script && script.getAttribute("data-build"));
  var box = null;

  function hide() {
    if (box) {
      box.remove();
      box = null;
    }
  }

  function show(problems) {
    hide();
    box = document.createElement("div");
    box.id = "briefing-serve-problems";
    box.setAttribute("role", "alert");
    box.style.cssText =
      "all:initial;position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;" +
      "z-index:2147483647;box-sizing:border-box;padding:1rem 1.25rem;background:#2b0d0d;" +
      "color:#ffecec;border-top:4px solid #ff5c5c;box-shadow:0 -4px 24px rgba(0,0,0,.45);" +
      "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;";
    var title = document.createElement("div");
    title.style.cssText = "font-weight:bold;margin-bottom:.5rem;";
    var n = problems.length;
    title.textContent =
      "briefing serve: the last edit does not build (" + n + " problem" + (n === 1 ? "" : "s") +
      "). This is the last good version; fix the file and the page reloads.";
    box.appendChild(title);
    problems.forEach(function (p) {
      var line = document.createElement("pre");
      line.style.cssText = "white-space:pre-wrap;margin:.5rem 0 0;font:inherit;color:inherit;";
      line.textContent = p.text;
      box.appendChild(line);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.style.cssText = "position:absolute;top:.6rem;right:.8rem;font:inherit;cursor:pointer;";
    close.addEventListener("click", hide);
    box.appendChild(close);
    document.body.appendChild(box);
  }

  var events = new EventSource("/__briefing/events");
  events.addEventListener("status", function (e) {
    var status = JSON.parse(e.data);
    if (status.build !== shown) {
      events.close();
      location.reload();
    } else if (status.problems.length) {
      show(status.problems);
    } else {
      hide();
    }
  });
})();
