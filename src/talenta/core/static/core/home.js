// Beranda charts (ECharts). Data comes from the page's json_script; every bar or slice opens its list.
(function () {
  "use strict";
  const NAVY = "#0b3d6e";
  const PALETTE = ["#0b3d6e", "#2f7ec1", "#f2c14e", "#d9822b", "#5aa469", "#8e6bbf", "#c44d58", "#6c757d"];

  function draw(el, data) {
    if (!window.echarts || !data) return;
    const kind = el.dataset.chart;
    const rows = data[kind] || [];
    const chart = window.echarts.init(el);
    const names = rows.map((r) => r.name);
    const values = rows.map((r) => ({ value: r.value, url: r.url }));
    const F = window.tlFormat;
    const axisLabel = { color: "#445", fontSize: 11, formatter: F.label };
    let option;
    if (kind === "status") {
      option = {
        color: PALETTE,
        tooltip: { trigger: "item", ...F.tooltip },
        series: [{ type: "pie", radius: ["45%", "72%"], avoidLabelOverlap: true, label: { formatter: (p) => `${p.name}: ${F.number(p.value)}` },
                   data: rows.map((r) => ({ name: r.name, value: r.value, url: r.url })) }],
      };
    } else if (kind === "opd") {
      const top = rows.slice(0, 15).reverse();
      option = {
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, ...F.tooltip },
        xAxis: { type: "value", axisLabel },
        yAxis: { type: "category", data: top.map((r) => r.name), axisLabel: { ...axisLabel, formatter: undefined, width: 180, overflow: "truncate" } },
        series: [{ type: "bar", itemStyle: { color: NAVY }, data: top.map((r) => ({ value: r.value, url: r.url })) }],
      };
    } else {
      option = {
        grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, ...F.tooltip },
        xAxis: { type: "category", data: names, axisLabel: { ...axisLabel, rotate: kind === "retire" ? 45 : 30, interval: 0 } },
        yAxis: { type: "value", minInterval: 1, axisLabel },
        series: [{ type: "bar", itemStyle: { color: kind === "retire" ? "#d9822b" : NAVY }, data: values }],
      };
    }
    chart.setOption(option);
    chart.on("click", (params) => {
      const url = params.data && params.data.url;
      if (url) window.location.href = url;
    });
    window.addEventListener("resize", () => chart.resize());
  }

  document.addEventListener("DOMContentLoaded", () => {
    const node = document.getElementById("home-charts");
    if (!node) return;
    const data = JSON.parse(node.textContent);
    document.querySelectorAll("[data-chart]").forEach((el) => draw(el, data));
  });
})();
