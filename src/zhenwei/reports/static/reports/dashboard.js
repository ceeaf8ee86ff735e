/* Dashboard: every chart comes from dashboard.json (the same metrics as the forms); a click opens the
   list of records behind the point. Tooltips are drawn in the canvas (renderMode "richText"): ECharts'
   HTML tooltips carry style="" attributes, which the Content-Security-Policy refuses. */
(function () {
  const division = JSON.parse(document.getElementById("dash-division").textContent);
  const year = JSON.parse(document.getElementById("dash-year").textContent);
  const url = JSON.parse(document.getElementById("dash-url").textContent);
  function chart(id) { const el = document.getElementById("chart-" + id); return el ? echarts.init(el) : null; }
  function lines(id, spec, type) {
    const c = chart(id); if (!c) return;
    c.setOption({
      title: { text: spec.title, left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", renderMode: "richText" }, legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 50 },
      xAxis: { type: "category", data: spec.x, axisLabel: { interval: 0, rotate: spec.x.length > 8 ? 30 : 0 } },
      yAxis: { type: "value" },
      series: spec.series.map(s => ({ name: s.name, type: type, data: s.data, links: s.links })),
    });
    c.on("click", p => { const s = spec.series[p.seriesIndex]; if (s.links && s.links[p.dataIndex]) location.href = s.links[p.dataIndex]; });
  }
  function pie(id, spec) {
    const c = chart(id); if (!c) return;
    c.setOption({
      title: { text: spec.title, left: "center", textStyle: { fontSize: 14 } }, tooltip: { trigger: "item", renderMode: "richText" },
      series: [{ type: "pie", radius: ["35%", "65%"], data: spec.items }],
    });
    c.on("click", p => { const item = spec.items[p.dataIndex]; location.href = item.link || spec.link; });
  }
  function bars(id, spec) {
    const c = chart(id); if (!c) return;
    c.setOption({
      title: { text: spec.title, left: "center", textStyle: { fontSize: 14 } }, tooltip: { renderMode: "richText" },
      xAxis: { type: "category", data: spec.items.map(i => i.name) }, yAxis: { type: "value" },
      series: [{ type: "bar", data: spec.items.map(i => i.value) }],
    });
    c.on("click", p => { const item = spec.items[p.dataIndex]; if (item.link) location.href = item.link; });
  }
  // One request for every chart (the tree map below reads the same promise).
  window.zhenweiDashboardData = fetch(`${url}?division=${encodeURIComponent(division)}&year=${year}`, { credentials: "same-origin" })
    .then(r => r.json());
  window.zhenweiDashboardData.then(data => {
      const ch = data.charts;
      lines("trend", ch.trend, "line");
      lines("by_division", ch.by_division, "bar");
      pie("by_category", ch.by_category);
      pie("tips_by_channel", ch.tips_by_channel);
      lines("rates", ch.rates, "line");
      if (ch.time_to_close.series.length) lines("time_to_close", ch.time_to_close, "bar");
      else {
        const box = document.getElementById("chart-time_to_close");
        box.textContent = box.dataset.empty || "案件平均办结天数：暂无数据";
      }
      bars("overdue", ch.overdue);
      const un = Object.entries(data.unavailable || {});
      const box = document.getElementById("unavailable");
      if (un.length) box.textContent =
        (box.dataset.label || "尚无数据来源的指标：") + un.map(([k, v]) => `${k}（${v}）`).join("；");
    });
})();

/* The division tree map: the user's area, its units and theirs, each box sized by the year's figure;
   a click on a box opens that unit's records. Used where no map geometry of the area is installed
   (docs/reports.md). One metric at a time, switched with the buttons above the chart. */
(function () {
  const el = document.getElementById("chart-division_tree");
  if (!el) return;
  const picker = document.getElementById("division-tree-metric");
  window.zhenweiDashboardData.then(data => {
      const spec = data.charts.division_tree;
      if (!spec || !spec.series.length) { el.textContent = el.dataset.empty || ""; return; }
      const c = echarts.init(el);
      function draw(index) {
        const s = spec.series[index];
        c.setOption({
          title: { text: `${spec.title} · ${s.name}`, left: "center", textStyle: { fontSize: 14 } },
          tooltip: { renderMode: "richText", formatter: p => `${p.name}：${p.value}` },
          series: [{
            type: "treemap", name: spec.root.name, data: s.tree, leafDepth: 2, roam: false,
            nodeClick: false, breadcrumb: { show: false }, top: 36, bottom: 8, left: 8, right: 8,
            label: { show: true, formatter: "{b}\n{c}" },
            upperLabel: { show: true, height: 22, formatter: "{b}  {c}" },
            levels: [
              { itemStyle: { borderColor: "#777", borderWidth: 2, gapWidth: 2 } },
              { itemStyle: { borderColor: "#ddd", borderWidth: 1, gapWidth: 1 } },
            ],
          }],
        }, true);
      }
      spec.series.forEach((s, i) => {
        const b = document.createElement("button");
        b.type = "button"; b.textContent = s.name; b.dataset.index = String(i);
        b.className = i === 0 ? "tree-metric is-active" : "tree-metric";
        b.setAttribute("aria-pressed", i === 0 ? "true" : "false");
        b.addEventListener("click", () => {
          picker.querySelectorAll("button").forEach(x => { x.classList.remove("is-active"); x.setAttribute("aria-pressed", "false"); });
          b.classList.add("is-active"); b.setAttribute("aria-pressed", "true");
          draw(i);
        });
        if (picker) picker.appendChild(b);
      });
      c.on("click", p => { if (p.data && p.data.link) location.href = p.data.link; });
      draw(0);
    });
})();
