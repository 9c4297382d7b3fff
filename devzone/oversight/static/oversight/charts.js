// 领导驾驶舱: every zone side by side — contracts and investment as bars, on-time and 好评率 as lines.
window.DevZoneCharts = window.DevZoneCharts || {};
Object.assign(window.DevZoneCharts, {
  cityZones(d) {
    return {
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { left: 56, right: 56, bottom: 90, top: 40 },
      dataZoom: d.zones.length > 20 ? [{ type: "slider", bottom: 30, endValue: 19 }] : [],
      xAxis: { type: "category", data: d.zones, axisLabel: { rotate: 30, interval: 0 } },
      yAxis: [
        { type: "value", name: d.labels.investment },
        { type: "value", name: "%", max: 100 },
      ],
      series: [
        { name: d.labels.investment, type: "bar", data: d.investment, itemStyle: { color: "#206bc4" } },
        { name: d.labels.contracts, type: "bar", data: d.contracts, itemStyle: { color: "#f76707" } },
        { name: d.labels.on_time, type: "line", yAxisIndex: 1, data: d.on_time, connectNulls: true },
        { name: d.labels.good, type: "line", yAxisIndex: 1, data: d.good, connectNulls: true },
      ],
    };
  },
});
