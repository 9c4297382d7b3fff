// DevZone: small behaviours without inline script (the Content-Security-Policy forbids it).
document.addEventListener("DOMContentLoaded", () => {
  // <select data-autosubmit> submits its form on change (language and zone switchers).
  document.querySelectorAll("select[data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form.requestSubmit());
  });
  // <button data-confirm="…"> asks before submitting.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (ev) => {
      if (!window.confirm(el.dataset.confirm)) ev.preventDefault();
    });
  });
  // Charts: <div data-chart="id-of-json-script" data-chart-kind="…">.
  document.querySelectorAll("[data-chart]").forEach((el) => {
    if (!window.echarts) return;
    const data = JSON.parse(document.getElementById(el.dataset.chart).textContent);
    const chart = window.echarts.init(el);
    chart.setOption(window.DevZoneCharts[el.dataset.chartKind](data));
    window.addEventListener("resize", () => chart.resize());
  });
});

window.DevZoneCharts = {
  projectsByPhase(d) {
    return {
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { left: 48, right: 56, bottom: 56, top: 40 },
      xAxis: { type: "category", data: d.phases },
      yAxis: [
        { type: "value", name: d.labels.count, minInterval: 1 },
        { type: "value", name: d.labels.investment },
      ],
      series: [
        { name: d.labels.count, type: "bar", data: d.counts, itemStyle: { color: "#206bc4" } },
        { name: d.labels.investment, type: "bar", yAxisIndex: 1, data: d.investment_yi, itemStyle: { color: "#f76707" } },
      ],
    };
  },
};

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
