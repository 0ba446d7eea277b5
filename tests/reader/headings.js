// The page's canonical URL and the text of every heading in <main>, for the print check.
const canonical = document.querySelector("link[rel=canonical]");
return {
  url: canonical ? canonical.href : location.href,
  headings: [...document.querySelectorAll("main h1, main h2, main h3, main h4")]
    .map((h) => h.textContent.trim())
    .filter((text) => text.length > 0),
};
