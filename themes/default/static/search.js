// The search page's glue to Pagefind's Component UI, which it loads.

// Where the index is: next to this file's folder, wherever the site is published (a module
// script has no `document.currentScript`, so Pagefind cannot find out by itself).
const bundle = new URL("../pagefind/", import.meta.url).pathname;
const root = new URL("../", import.meta.url).pathname;
document.querySelector("pagefind-config")?.setAttribute("bundle-path", bundle);

// A national-scale index comes in parts (pagefind/lianluo-parts.json lists the others): the
// first part merges them, so one search covers every page. The list is read before the
// Component UI is loaded, and the parts are given to it before it opens the index.
let parts = [];
try {
  const listing = await fetch(`${bundle}lianluo-parts.json`);
  if (listing.ok) parts = await listing.json();
} catch {
  // No list: the index is in one part.
}
await import(`${bundle}pagefind-component-ui.js`);
if (Array.isArray(parts) && parts.length) {
  window.PagefindComponents.configureInstance("default", {
    mergeIndex: parts.map((part) => ({ bundlePath: `${bundle}${part}`, baseUrl: root })),
  });
}

// Carries the query of the header's search form (?q=…) into the search box.
const query = new URLSearchParams(location.search).get("q");
if (query) {
  customElements.whenDefined("pagefind-input").then(() => {
    const fill = () => {
      const input = document.querySelector("pagefind-input input");
      if (!input) return requestAnimationFrame(fill);
      input.value = query;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    };
    fill();
  });
}
