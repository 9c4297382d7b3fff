// Charts of the key-project pages (registered before app.js draws them on DOMContentLoaded).
window.DevZoneCharts = window.DevZoneCharts || {};
// The counts are in the legend, not in labels around the ring: those collided with the legend below and with
// each other (the colours at 0 share one spot). A wide card has the legend on the left and the ring on the
// right; a narrow one (a tablet) the legend above the ring. Asked again when the width changes (app.js).
window.DevZoneCharts.projectStatus = (d, el) => {
  const wide = !el || el.clientWidth >= 380; // el: the chart's element, when app.js hands it
  return {
    tooltip: { trigger: "item" },
    legend: {
      ...(wide ? { orient: "vertical", left: 8, top: "middle" } : { top: 0, left: "center" }),
      formatter: (name) => `${name} ${d.values[d.labels.indexOf(name)]}`,
    },
    series: [{
      type: "pie",
      center: wide ? ["68%", "50%"] : ["50%", "60%"],
      radius: wide ? ["42%", "72%"] : ["32%", "56%"],
      data: d.labels.map((name, i) => ({ name, value: d.values[i], itemStyle: { color: d.colours[i] } })),
      label: { show: false },
    }],
  };
};
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
