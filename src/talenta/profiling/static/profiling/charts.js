// Profiling charts (ECharts): the coverage bars and the competency radar. Data comes from json_script.
(function () {
  function read(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function coverage() {
    const el = document.getElementById("coverage-chart");
    const data = read("coverage-data");
    if (!el || !data || !window.echarts || el.dataset.done) return;
    el.dataset.done = "1";
    el.style.height = Math.max(240, 30 * data.opd.length + 90) + "px";
    const chart = window.echarts.init(el);
    const colors = ["#198754", "#adb5bd", "#dc3545"];
    chart.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, ...window.tlFormat.tooltip },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: "value", axisLabel: window.tlFormat.axis },
      yAxis: { type: "category", data: data.opd, inverse: true, axisLabel: { width: 220, overflow: "truncate" } },
      series: [data.valid, data.expired, data.never].map((values, i) => ({
        name: data.labels[i], type: "bar", stack: "all", data: values, itemStyle: { color: colors[i] },
      })),
    });
    window.addEventListener("resize", () => chart.resize());
  }
  function radar() {
    document.querySelectorAll("[data-radar]").forEach((el) => {
      const data = read(el.dataset.radar);
      if (!data || !window.echarts) return;
      const old = window.echarts.getInstanceByDom(el);
      if (old) old.dispose();
      if (!el.clientHeight) el.style.height = "360px"; // the fragment may be shown without the app's CSS
      const chart = window.echarts.init(el);
      chart.setOption({
        tooltip: { ...window.tlFormat.tooltip },
        legend: { bottom: 0 },
        radar: { indicator: data.indicators, radius: "62%", axisName: { fontSize: 10 } },
        series: [{ type: "radar", data: data.series.map((s, i) => ({
          name: s.name, value: s.value, areaStyle: i === 0 ? { opacity: 0.2 } : undefined,
          lineStyle: i === 0 ? { width: 2 } : { type: "dashed" },
        })) }],
      });
      window.addEventListener("resize", () => chart.resize());
    });
  }
  function all() { coverage(); radar(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all); else all();
  window.addEventListener("load", all);
  document.addEventListener("htmx:afterSettle", all);
})();
