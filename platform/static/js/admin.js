// Django's admin, made to meet WCAG 2.1 AA (loaded by templates/admin/base_site.html).
// The filter icons SelectFilter2.js draws (on load) are spans named by aria-label: a name needs a role.
window.addEventListener("load", () => {
  document.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach((icon) => {
    icon.setAttribute("role", "img");
  });
});
