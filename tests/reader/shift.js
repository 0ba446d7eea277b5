// The layout shift of the page so far (the sum of every shift without recent input),
// once the search results and their snippets have arrived; returns {cls, results}.
const done = arguments[arguments.length - 1];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
(async () => {
  for (let waited = 0; waited < 5000; waited += 50) {
    if (document.querySelector("#search-results li")) break;
    await sleep(50);
  }
  // Snippets come from body-text shards loaded after the first results.
  await sleep(800);
  let cls = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) cls += entry.value;
  });
  observer.observe({ type: "layout-shift", buffered: true });
  await sleep(200);
  observer.disconnect();
  done({ cls, results: document.querySelectorAll("#search-results li").length });
})().catch((error) => done({ error: String(error) }));
