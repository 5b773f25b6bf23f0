// The search page's glue to Pagefind's Component UI. Runs before the Component UI loads.

// Where the index is: next to this file's folder, wherever the site is published (a module
// script has no `document.currentScript`, so Pagefind cannot find out by itself).
const bundle = new URL("../pagefind/", import.meta.url).pathname;
document.querySelector("pagefind-config")?.setAttribute("bundle-path", bundle);

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
