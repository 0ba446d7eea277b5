// What a reader sees of the page's layout at the current width; returns one object.
const rect = (el) => el.getBoundingClientRect();
const header = document.querySelector(".site-header");
const navRows = new Set(
  [...document.querySelectorAll(".main-nav li")].map((li) => Math.round(rect(li).top)),
).size;
// The nav row scrolls sideways on a phone: the current section shows whole, and the
// row is scrolled (cutting its first links) only when that section needs it.
const navList = document.querySelector(".main-nav ul");
const navClipped = [];
if (navList) {
  const box = rect(navList);
  const current = navList.querySelector("a[aria-current]");
  if (current) {
    const r = rect(current);
    if (r.left < box.left - 0.5 || r.right > box.right + 0.5) {
      navClipped.push(`the current section ${current.textContent.trim()} does not show whole`);
    } else if (navList.scrollLeft > 0.5 && r.right + navList.scrollLeft <= box.right + 0.5) {
      const cut = [...navList.querySelectorAll("a")].find((a) => rect(a).left < box.left - 0.5);
      if (cut) navClipped.push(`${cut.textContent.trim()} is cut off by a scroll nothing needs`);
    }
  }
}
const prose = document.querySelector(".prose > p, .prose > ul, .prose > ol");
// A date is one unit: it must never break across lines.
const brokenDates = [...document.querySelectorAll("main time")]
  .filter((t) => t.getClientRects().length > 1)
  .map((t) => t.textContent.trim());
// Year labels under the chart's axis must clear it (CSS pixels between them).
const chartGaps = [...document.querySelectorAll("svg.chart-svg")].flatMap((svg) => {
  const axis = svg.querySelector(".axis");
  if (!axis) return [];
  const bottom = rect(axis).bottom;
  return [...svg.querySelectorAll("text.label")].map((t) => rect(t).top - bottom);
});
// An arrow (→, ←) that follows words on their line but wraps onto a line of its own.
// Only arrows right after inline text count: an arrow set apart as a block is design.
const inlineText = (node) => {
  while (node && node.nodeType === Node.TEXT_NODE && !node.textContent.trim()) {
    node = node.previousSibling;
  }
  if (!node) return null;
  if (node.nodeType === Node.TEXT_NODE) return node;
  return getComputedStyle(node).display === "inline" ? node : null;
};
const loneArrows = [...document.querySelectorAll("body [aria-hidden='true']")]
  .filter((el) => /^[←→]$/.test(el.textContent.trim()) && el.getClientRects().length > 0)
  .filter((el) => {
    const before = inlineText(el.previousSibling);
    if (!before) return false;
    const range = document.createRange();
    range.selectNodeContents(before);
    const lines = [...range.getClientRects()].filter((r) => r.width > 0);
    if (lines.length === 0) return false;
    return Math.abs(lines[lines.length - 1].top - rect(el).top) > 4;
  })
  .map((el) => el.parentElement.textContent.trim().replace(/\s+/g, " "));
return {
  viewport: [innerWidth, innerHeight],
  pageWidth: document.documentElement.scrollWidth,
  header: header ? rect(header).height : null,
  navRows,
  navClipped,
  proseTop: prose ? rect(prose).top + scrollY : null,
  brokenDates,
  chartGaps,
  loneArrows,
};
