// 大招商's charts, drawn by static/devzone/app.js from <div data-chart data-chart-kind="…"> (no inline script).
window.DevZoneCharts = window.DevZoneCharts || {};

// The stages from 未接触 to 留住 in one blue, darker as the funnel narrows; each label names the stage and the
// number of leads that reached it, beside the band (inside, the narrow bottom bands could not hold it). The tooltip
// of each band is written by the page in the reader's language (``tips``: 签约：12 / Signed: 12).
const FUNNEL_BLUES = ["#cfe0f5", "#b0cbee", "#8fb4e6", "#6d9cdd", "#4a83d3", "#2f6fc6", "#1f5aa6", "#164680"];

window.DevZoneCharts.leadFunnel = (d) => ({
  color: FUNNEL_BLUES,
  tooltip: { trigger: "item", formatter: (p) => d.tips[p.dataIndex] },
  series: [
    {
      name: d.name,
      type: "funnel",
      sort: "none",
      left: "4%",
      top: 8,
      bottom: 8,
      width: "58%",
      minSize: "14%",
      gap: 2,
      label: { show: true, position: "right", formatter: "{b}  {c}", color: "#1d273b" },
      labelLine: { show: true, length: 12 },
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
