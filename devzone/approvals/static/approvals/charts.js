// 大审批's charts, drawn by static/devzone/app.js from <div data-chart data-chart-kind="…"> (no inline script).
window.DevZoneCharts = window.DevZoneCharts || {};

window.DevZoneCharts.approvalStages = (d) => ({
  tooltip: { trigger: "axis" },
  legend: { bottom: 0 },
  grid: { left: 48, right: 24, bottom: 56, top: 24 },
  xAxis: { type: "category", data: d.labels },
  yAxis: { type: "value", minInterval: 1 },
  series: [
    { name: d.names.median, type: "bar", data: d.median, itemStyle: { color: "#2fb344" } },
    { name: d.names.p90, type: "bar", data: d.p90, itemStyle: { color: "#f59f00" } },
    { name: d.names.promised, type: "bar", data: d.promised, itemStyle: { color: "#206bc4" } },
    { name: d.names.legal, type: "bar", data: d.legal, itemStyle: { color: "#adb5bd" } },
  ],
});
