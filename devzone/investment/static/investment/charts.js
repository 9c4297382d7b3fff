// 大招商's charts, drawn by static/devzone/app.js from <div data-chart data-chart-kind="…"> (no inline script).
window.DevZoneCharts = window.DevZoneCharts || {};

window.DevZoneCharts.leadFunnel = (d) => ({
  tooltip: { trigger: "item", formatter: "{b}: {c}" },
  series: [
    {
      name: d.name,
      type: "funnel",
      sort: "none",
      left: "5%",
      width: "90%",
      minSize: "8%",
      label: { show: true, position: "inside", formatter: "{b} {c}" },
      data: d.stages.map((s, i) => ({ name: s, value: d.counts[i] })),
    },
  ],
});

window.DevZoneCharts.leaderboard = (d) => ({
  tooltip: { trigger: "axis" },
  legend: { bottom: 0 },
  grid: { left: 48, right: 56, bottom: 56, top: 24 },
  xAxis: { type: "category", data: d.labels },
  yAxis: [
    { type: "value", name: d.names.score, min: 0, max: 100 },
    { type: "value", name: d.names.investment },
  ],
  series: [
    { name: d.names.score, type: "bar", data: d.scores, itemStyle: { color: "#206bc4" } },
    { name: d.names.investment, type: "bar", yAxisIndex: 1, data: d.investment_yi, itemStyle: { color: "#f76707" } },
  ],
});
