// Talenta: small behaviours without inline script (the CSP allows only our own files).
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches && el.matches("[data-autosubmit]")) {
    el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
  }
});
document.addEventListener("htmx:responseError", (event) => {
  const box = document.getElementById("htmx-error");
  if (box) {
    box.hidden = false;
  }
});

// A table that scrolls sideways (on a phone) must be reachable by keyboard: focusable, named region.
function focusableScrollers(root) {
  (root || document).querySelectorAll(".table-responsive:not([tabindex])").forEach((el) => {
    el.setAttribute("tabindex", "0");
    el.setAttribute("role", "region");
    const caption = el.querySelector("caption, th");
    el.setAttribute("aria-label", caption ? caption.textContent.trim().slice(0, 80) : "Tabel");
  });
}
document.addEventListener("DOMContentLoaded", () => focusableScrollers(document));
document.addEventListener("htmx:afterSwap", (event) => focusableScrollers(event.target));
