// Chart kinds of the performance pages (devzone/static/devzone/app.js draws [data-chart] elements with them).
(function () {
  window.DevZoneCharts = window.DevZoneCharts || {};
  const base = (d) => ({
    tooltip: { trigger: "axis" },
    legend: { bottom: 0, type: "scroll" },
    grid: { left: 56, right: 24, bottom: 56, top: 24 },
    xAxis: { type: "category", data: d.quarters || d.names },
  });
  window.DevZoneCharts.perfLines = (d) => Object.assign(base(d), {
    yAxis: { type: "value", min: (v) => Math.max(0, Math.floor((v.min - 0.1) * 10) / 10) },
    series: d.series.map((s) => ({ name: s.name, type: "line", data: s.data, connectNulls: true })),
  });
  window.DevZoneCharts.perfStacked = (d) => Object.assign(base(d), {
    yAxis: { type: "value", minInterval: 1 },
    series: d.series.map((s) => ({ name: s.name, type: "bar", stack: "all", data: s.data })),
  });
  window.DevZoneCharts.perfBars = (d) => Object.assign(base(d), {
    xAxis: { type: "category", data: d.quarters || d.names, axisLabel: { show: !d.names || d.names.length <= 30 } },
    yAxis: { type: "value" },
    series: d.series.map((s, i) => (i === 0 ? { name: s.name, type: "bar", data: s.data } : { name: s.name, type: "line", data: s.data, symbol: "none" })),
  });
})();
