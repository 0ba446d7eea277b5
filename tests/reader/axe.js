// Runs axe-core (already injected) on the page; returns its violations, or {error}.
const done = arguments[arguments.length - 1];
requestAnimationFrame(() => {
  axe
    .run(document, { resultTypes: ["violations"] })
    .then((result) => done(result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 4).map((n) => n.target.join(" ")),
    }))))
    .catch((error) => done({ error: String(error) }));
});
