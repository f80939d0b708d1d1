// Talent screens: confirmations, the selected box, and ECharts from json_script data (no inline script).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
document.addEventListener("click", (event) => {
  const cell = event.target.closest && event.target.closest(".tl-nb-cell");
  if (!cell) return;
  document.querySelectorAll(".tl-nb-cell[aria-pressed]").forEach((c) => c.removeAttribute("aria-pressed"));
  cell.setAttribute("aria-pressed", "true");
});
function tlCharts() {
  const holder = document.getElementById("chart-data");
  if (!holder || !window.echarts) return;
  const data = JSON.parse(holder.textContent);
  document.querySelectorAll("[data-chart]").forEach((el) => {
    const d = el.dataset.chart === "retirement" ? data : data[el.dataset.chart];
    if (!d) return;
    const horizontal = el.dataset.chart !== "retirement";
    const chart = window.echarts.init(el);
    const F = window.tlFormat;
    const cat = { type: "category", data: d.categories, axisLabel: { width: 140, overflow: "truncate", formatter: F.label } };
    const val = { type: "value", axisLabel: F.axis };
    chart.setOption({
      tooltip: { trigger: "axis", ...F.tooltip },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: horizontal ? 150 : 40, right: 16, top: 16, bottom: 48 },
      xAxis: horizontal ? val : cat,
      yAxis: horizontal ? cat : val,
      series: d.series.map((s) => ({ ...s, type: "bar", stack: "all" })),
    });
    window.addEventListener("resize", () => chart.resize());
  });
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", tlCharts);
else tlCharts();
// When the background mapping run has finished, reload the page so the grid shows the new results.
document.addEventListener("htmx:afterSwap", (event) => {
  const area = document.getElementById("job-area");
  if (area && area.contains(event.detail.elt) && area.querySelector(".text-bg-success")) {
    window.setTimeout(() => window.location.reload(), 800);
  }
});
