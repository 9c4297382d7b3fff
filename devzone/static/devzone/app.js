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
    const kind = window.DevZoneCharts[el.dataset.chartKind];
    const chart = window.echarts.init(el);
    chart.setOption(kind(data, el));
    // A kind that takes the element as well sizes parts of its option by the drawn width (the labels of a
    // category axis): it is asked again when the width changes.
    window.addEventListener("resize", () => {
      if (kind.length > 1) chart.setOption(kind(data, el));
      chart.resize();
    });
  });
}

window.DevZone = { bind };
document.addEventListener("DOMContentLoaded", () => bind(document));

Object.assign(window.DevZoneCharts, {
  projectsByPhase(d, el) {
    // Every phase is named (by default ECharts leaves out the labels that would touch: half of them in
    // English): on one line where they fit their bar group, else wrapped between words, else (a phone in English)
    // slanted, never cut inside a word.
    const grid = { left: 48, right: 56, bottom: 56, top: 40 };
    const room = ((el ? el.clientWidth : 600) - grid.left - grid.right) / Math.max(d.phases.length, 1) - 8;
    const measure = document.createElement("canvas").getContext("2d");
    measure.font = "12px sans-serif"; // ECharts' label font
    const widest = (texts) => Math.max(0, ...texts.map((t) => measure.measureText(t).width));
    const axisLabel = { interval: 0, lineHeight: 14 };
    if (widest(d.phases) > room) {
      if (widest(d.phases.flatMap((p) => p.split(/\s+/))) <= room) {
        Object.assign(axisLabel, { width: room, overflow: "break" });
        grid.bottom += 14;
      } else {
        axisLabel.rotate = 30; // each label ends under its group and runs down to the left: room for the first
        grid.bottom += Math.ceil(widest(d.phases) / 2);
        grid.left = Math.max(grid.left, Math.ceil(widest(d.phases.slice(0, 1)) * 0.87 - (room + 8) / 2) + 4);
      }
    }
    return {
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid,
      xAxis: { type: "category", data: d.phases, axisLabel },
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
