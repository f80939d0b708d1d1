// Attendance: one key per person. Arrow keys move between rows; H/T/I mark, P moves to a later wave.
(function () {
  const table = document.getElementById("attendance");
  if (!table || table.dataset.keyboard !== "1") return;
  const rows = () => Array.from(table.querySelectorAll("tr.tl-att-row"));
  table.addEventListener("keydown", (event) => {
    const row = event.target.closest("tr.tl-att-row");
    if (!row || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === "arrowdown" || key === "arrowup") {
      const list = rows();
      const next = list[list.indexOf(row) + (key === "arrowdown" ? 1 : -1)];
      if (next) next.focus();
      event.preventDefault();
      return;
    }
    const button = row.querySelector(`button[data-key="${key}"]`);
    if (button) {
      event.preventDefault();
      const id = row.id;
      button.click();
      // Keep the focus on the same person after htmx swaps the row.
      document.body.addEventListener("htmx:afterSwap", function refocus() {
        const again = document.getElementById(id);
        if (again) again.focus();
        document.body.removeEventListener("htmx:afterSwap", refocus);
      });
    }
  });
  // The keys work from here on; a browser test waits for this before pressing one.
  table.dataset.ready = "1";
})();
