// Charts of the key-project pages (registered before app.js draws them on DOMContentLoaded).
window.DevZoneCharts = window.DevZoneCharts || {};
window.DevZoneCharts.projectStatus = (d) => ({
  tooltip: { trigger: "item" },
  legend: { bottom: 0 },
  series: [{
    type: "pie",
    radius: ["45%", "70%"],
    data: d.labels.map((name, i) => ({ name, value: d.values[i], itemStyle: { color: d.colours[i] } })),
    label: { formatter: "{b} {c}" },
  }],
});
window.DevZoneCharts.problemCategories = (d) => ({
  tooltip: { trigger: "axis" },
  legend: { bottom: 0 },
  grid: { left: 40, right: 16, bottom: 56, top: 24 },
  xAxis: { type: "category", data: d.labels, axisLabel: { interval: 0, rotate: 30 } },
  yAxis: { type: "value", minInterval: 1 },
  series: [
    { name: d.names.solved, type: "bar", stack: "n", data: d.solved, itemStyle: { color: "#2fb344" } },
    { name: d.names.open, type: "bar", stack: "n", data: d.open, itemStyle: { color: "#f59f00" } },
  ],
});
window.DevZoneCharts.projectTimeline = (d) => ({
  tooltip: { trigger: "axis" },
  legend: { bottom: 0 },
  grid: { left: 96, right: 24, bottom: 48, top: 16 },
  xAxis: { type: "time" },
  yAxis: { type: "category", data: d.names, inverse: true },
  series: [
    { name: d.labels.planned, type: "scatter", symbol: "rect", symbolSize: 10, data: d.planned.map((p, i) => [p, d.names[i]]), itemStyle: { color: "#adb5bd" } },
    { name: d.labels.actual, type: "scatter", symbolSize: 12, data: d.actual.map((a, i) => (a ? [a, d.names[i]] : null)).filter(Boolean), itemStyle: { color: "#206bc4" } },
  ],
});
