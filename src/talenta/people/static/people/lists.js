// Pegawai and Jabatan lists, Struktur tree. No inline script (CSP): behaviour hangs on data-* attributes.
(function () {
  "use strict";

  // Keep "Export Excel" on the filters the user sees now (the list itself updates through htmx).
  function syncExport(form) {
    const link = document.getElementById(form.dataset.exportLink || "");
    if (!link) return;
    const params = new URLSearchParams(new FormData(form));
    for (const [key, value] of [...params.entries()]) {
      if (!value) params.delete(key);
    }
    const qs = params.toString();
    link.href = form.dataset.exportUrl + (qs ? "?" + qs : "");
  }

  document.addEventListener("htmx:afterRequest", (event) => {
    const form = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("form[data-export-link]") : null;
    if (form) syncExport(form);
  });

  // Struktur organisasi: a toggle button opens and closes its children (loaded once by htmx).
  document.addEventListener("click", (event) => {
    const button = event.target.closest ? event.target.closest("[data-tree-toggle]") : null;
    if (!button) return;
    const list = document.getElementById(button.getAttribute("aria-controls"));
    if (!list) return;
    const open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", open ? "false" : "true");
    list.hidden = open;
  });

  // Selecting a unit in the tree marks it as current for assistive technology.
  document.addEventListener("htmx:afterRequest", (event) => {
    const link = event.detail.elt;
    if (!link || !link.matches || !link.matches("[data-unit-link]")) return;
    document.querySelectorAll("[data-unit-link][aria-current]").forEach((el) => el.removeAttribute("aria-current"));
    link.setAttribute("aria-current", "true");
    const panel = document.getElementById("unit-panel");
    if (panel && window.matchMedia("(max-width: 991.98px)").matches) panel.scrollIntoView({ behavior: "smooth" });
  });
})();
