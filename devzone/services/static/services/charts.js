// 企业服务 charts, added to window.DevZoneCharts (loaded after devzone/app.js, before the charts are drawn).
window.DevZoneCharts = window.DevZoneCharts || {};
window.DevZoneCharts.serviceRatings = (d) => ({
  tooltip: { trigger: "axis" },
  legend: { bottom: 0 },
  grid: { left: 48, right: 56, bottom: 56, top: 24 },
  xAxis: { type: "category", data: d.quarters },
  yAxis: [
    { type: "value", minInterval: 1 },
    { type: "value", min: 0, max: 100 },
  ],
  series: [
    { name: d.names.count, type: "bar", data: d.counts, itemStyle: { color: "#206bc4" } },
    { name: d.names.good, type: "bar", data: d.good, itemStyle: { color: "#2fb344" } },
    { name: d.names.points, type: "line", yAxisIndex: 1, data: d.points, itemStyle: { color: "#f76707" } },
  ],
});
window.DevZoneCharts.serviceDepartments = (d) => ({
  tooltip: { trigger: "axis" },
  grid: { left: 110, right: 24, bottom: 24, top: 16 },
  xAxis: { type: "value", min: 0, max: 100 },
  yAxis: { type: "category", data: d.departments, inverse: true },
  series: [{ name: d.names.points, type: "bar", data: d.department_points, itemStyle: { color: "#4299e1" } }],
});
