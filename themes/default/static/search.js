// Carries the query of the header's search form (?q=…) into the search box.
const query = new URLSearchParams(location.search).get("q");
if (query) {
  await customElements.whenDefined("pagefind-input");
  const fill = () => {
    const input = document.querySelector("pagefind-input input");
    if (!input) return requestAnimationFrame(fill);
    input.value = query;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  };
  fill();
}
