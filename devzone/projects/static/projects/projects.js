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
// A project's milestones on a time axis. The names stand left of the axis in at most two fifths of the chart
// (wrapped between words, or cut with "…" when a word is longer); the dates below get one tick per ~64 px, and a
// label that would touch its neighbour is left out (on a phone ECharts' default ticks overprinted each other).
// Asked again when the width changes (app.js).
window.DevZoneCharts.projectTimeline = (d, el) => {
  const width = el ? el.clientWidth : 600;
  const measure = document.createElement("canvas").getContext("2d");
  measure.font = "12px sans-serif"; // ECharts' label font
  const widest = Math.max(0, ...d.names.map((n) => measure.measureText(n).width));
  const room = Math.min(Math.ceil(widest), Math.floor(width * 0.4));
  const grid = { left: room + 16, right: 24, bottom: 48, top: 16 };
  const plot = Math.max(width - grid.left - grid.right, 60);
  return {
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid,
    xAxis: {
      type: "time",
      splitNumber: Math.max(2, Math.min(8, Math.floor(plot / 64))),
      axisLabel: { hideOverlap: true },
    },
    yAxis: {
      type: "category",
      data: d.names,
      inverse: true,
      axisLabel: { width: room, overflow: widest > room ? "break" : "none", ellipsis: "…", lineHeight: 13 },
    },
    series: [
      { name: d.labels.planned, type: "scatter", symbol: "rect", symbolSize: 10, data: d.planned.map((p, i) => [p, d.names[i]]), itemStyle: { color: "#adb5bd" } },
      { name: d.labels.actual, type: "scatter", symbolSize: 12, data: d.actual.map((a, i) => (a ? [a, d.names[i]] : null)).filter(Boolean), itemStyle: { color: "#206bc4" } },
    ],
  };
};
