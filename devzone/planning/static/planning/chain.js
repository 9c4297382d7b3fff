// The chain map of the city's industry plans: zones → leading industries → sections (ECharts sankey).
// Each column's labels sit to the right of its nodes: the first two columns' in the gap before the next column,
// the last column's in a right margin as wide as its longest name needs (at most a third of the chart). A name
// longer than its column's room is cut with an ellipsis (ECharts' label overflow "truncate"); the tooltip of a
// node names it in full. Widths are worked out again when the chart is resized (a phone turned, a wider window).
(() => {
  const FONT_SIZE = 12;
  const DISTANCE = 5; // ECharts' default gap between a node and its label
  const SLACK = 8; // ECharts measures a little wider than the canvas does: a name that fits is never cut
  let ruler = null;

  function textWidth(text) {
    ruler = ruler || document.createElement("canvas").getContext("2d");
    ruler.font = `${FONT_SIZE}px sans-serif`; // ECharts' default label font
    return Math.ceil(ruler.measureText(text).width);
  }

  // Each node's column, as the sankey lays it out (nodeAlign "justify"): a node with no incoming link is in the
  // first column, the others one column after their deepest source, and a node with no outgoing link in the last.
  function columns(data) {
    const into = new Map();
    const out = new Set();
    data.links.forEach((l) => {
      if (!into.has(l.target)) into.set(l.target, []);
      into.get(l.target).push(l.source);
      out.add(l.source);
    });
    const depth = new Map();
    const depthOf = (name, seen) => {
      if (depth.has(name)) return depth.get(name);
      if (seen.has(name)) return 0; // a cycle: the sankey refuses it anyway
      seen.add(name);
      const d = Math.max(-1, ...(into.get(name) || []).map((s) => depthOf(s, seen))) + 1;
      depth.set(name, d);
      return d;
    };
    data.nodes.forEach((n) => depthOf(n.name, new Set()));
    const last = Math.max(0, ...depth.values());
    data.nodes.forEach((n) => {
      if (!out.has(n.name)) depth.set(n.name, last);
    });
    return { depth, last };
  }

  function series(data, width) {
    const phone = width < 576;
    const nodeWidth = phone ? 10 : 20;
    const left = phone ? 2 : 10;
    const { depth, last } = columns(data);
    const need = new Array(last + 1).fill(0);
    data.nodes.forEach((n) => {
      const d = depth.get(n.name);
      need[d] = Math.max(need[d], textWidth(n.name) + DISTANCE + SLACK);
    });
    const room = width - left - nodeWidth * (last + 1);
    const before = Math.max(0, ...need.slice(0, last)); // what the widest gap's labels ask for
    const right = Math.round(
      Math.min(need[last], Math.max(room / (last + 1), room - before * last)),
    );
    const gap = last ? (width - left - right - nodeWidth) / last - nodeWidth : 0;
    const fits = (d) => Math.max(24, Math.floor((d === last ? right : gap) - DISTANCE - 1));
    return {
      type: "sankey",
      left,
      right,
      nodeWidth,
      nodeGap: phone ? 8 : 12,
      emphasis: { focus: "adjacency" },
      data: data.nodes.map((n) => ({
        ...n,
        label: { width: fits(depth.get(n.name)), overflow: "truncate", ellipsis: "…" },
      })),
      links: data.links,
      label: { fontSize: FONT_SIZE },
      lineStyle: { color: "gradient", opacity: 0.4 },
    };
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-chart='chart-chain']").forEach((el) => {
      const data = JSON.parse(document.getElementById("chart-chain").textContent);
      if (!window.echarts || !data.nodes.length) return;
      const chart = window.echarts.init(el);
      let drawnFor = el.clientWidth;
      chart.setOption({
        tooltip: { trigger: "item", confine: true }, // the full name, kept on the screen of a phone
        series: [series(data, drawnFor)],
      });
      window.addEventListener("resize", () => {
        chart.resize();
        if (el.clientWidth !== drawnFor) {
          drawnFor = el.clientWidth;
          chart.setOption({ series: [series(data, drawnFor)] });
        }
      });
    });
  });
})();
