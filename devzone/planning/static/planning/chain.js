// The chain map of the city's industry plans: zones → leading industries → sections (ECharts sankey).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-chart='chart-chain']").forEach((el) => {
    const data = JSON.parse(document.getElementById("chart-chain").textContent);
    if (!window.echarts || !data.nodes.length) return;
    const chart = window.echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "item" },
      series: [{
        type: "sankey", left: 10, right: 160, nodeGap: 12, emphasis: { focus: "adjacency" },
        data: data.nodes, links: data.links, label: { fontSize: 12 },
        lineStyle: { color: "gradient", opacity: 0.4 },
      }],
    });
    window.addEventListener("resize", () => chart.resize());
  });
});
