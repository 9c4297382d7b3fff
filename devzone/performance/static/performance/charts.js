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
  // Small multiples: one little line chart per series (a department's coefficient by quarter), the same
  // vertical scale in all, a dashed line at 1.0 — ten lines in one chart overlap beyond reading.
  window.DevZoneCharts.perfMultiples = (d) => {
    const n = d.series.length;
    const cols = window.innerWidth < 600 ? 2 : Math.min(5, Math.max(n, 1));
    const rows = Math.max(1, Math.ceil(n / cols));
    const values = d.series.flatMap((s) => s.data).filter((v) => v !== null && v !== undefined);
    const lo = values.length ? Math.floor((Math.min(...values, 1) - 0.05) * 10) / 10 : 0;
    const hi = values.length ? Math.ceil((Math.max(...values, 1) + 0.05) * 10) / 10 : 2;
    const w = 100 / cols, h = 100 / rows;
    const out = { tooltip: { trigger: "axis" }, title: [], grid: [], xAxis: [], yAxis: [], series: [] };
    d.series.forEach((s, i) => {
      const c = i % cols, r = Math.floor(i / cols);
      out.title.push({ text: s.name, left: `${c * w + 2}%`, top: `${r * h}%`, textStyle: { fontSize: 12, fontWeight: "normal" } });
      out.grid.push({ left: `${c * w + 6}%`, width: `${w - 9}%`, top: `${r * h + 8}%`, height: `${h - 20}%` });
      out.xAxis.push({ gridIndex: i, type: "category", data: d.quarters, axisLabel: { fontSize: 10, hideOverlap: true } });
      out.yAxis.push({ gridIndex: i, type: "value", min: lo, max: hi, splitNumber: 2, axisLabel: { fontSize: 10 } });
      out.series.push({
        name: s.name, type: "line", xAxisIndex: i, yAxisIndex: i, data: s.data, connectNulls: true,
        itemStyle: { color: "#206bc4" },
        markLine: { silent: true, symbol: "none", label: { show: false }, lineStyle: { color: "#adb5bd", type: "dashed" }, data: [{ yAxis: 1 }] },
      });
    });
    return out;
  };
  // Named horizontal bars around zero (pay against the equal pay of old): neutral colours — blue above, grey
  // below; red and green would read as good and bad news, and in Chinese charts red is the good one.
  window.DevZoneCharts.perfDiverging = (d) => ({
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: "value", name: d.name, nameLocation: "middle", nameGap: 24 },
    yAxis: { type: "category", data: d.names, axisLabel: { fontSize: 11 } },
    series: [{
      name: d.name, type: "bar", data: d.values.map((v) => ({
        value: v, itemStyle: { color: v < 0 ? "#adb5bd" : "#206bc4" }, label: { position: v < 0 ? "left" : "right" },
      })),
      label: { show: true, position: "right", fontSize: 10 },
    }],
  });
})();
