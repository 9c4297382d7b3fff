// DevZone: small behaviours without inline script (the Content-Security-Policy forbids it). ``DevZone.bind(root)``
// attaches them to everything under ``root`` that has not got them yet; it runs on the whole page when it has
// loaded, and a script that inserts markup later calls it on the new part.
window.DevZoneCharts = window.DevZoneCharts || {};

function bind(root) {
  const fresh = (selector) =>
    Array.from(root.querySelectorAll(selector)).filter((el) => {
      if (el.dataset.bound) return false;
      el.dataset.bound = "1";
      return true;
    });
  // <select data-autosubmit> submits its form on change (language and zone switchers).
  fresh("select[data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form.requestSubmit());
  });
  // <button data-confirm="…"> asks before submitting.
  fresh("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (ev) => {
      if (!window.confirm(el.dataset.confirm)) ev.preventDefault();
    });
  });
  // Charts: <div data-chart="id-of-json-script" data-chart-kind="…">.
  fresh("[data-chart]").forEach((el) => {
    if (!window.echarts || !window.DevZoneCharts[el.dataset.chartKind]) return;
    const data = JSON.parse(document.getElementById(el.dataset.chart).textContent);
    const chart = window.echarts.init(el);
    chart.setOption(window.DevZoneCharts[el.dataset.chartKind](data));
    window.addEventListener("resize", () => chart.resize());
  });
}

window.DevZone = { bind };
document.addEventListener("DOMContentLoaded", () => bind(document));

Object.assign(window.DevZoneCharts, {
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
});
