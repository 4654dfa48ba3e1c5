/*
 * Draws every <canvas data-chart="ID"> from the JSON in <script id="ID" type="application/json">
 * (Django's json_script). The JSON: {"type": "bar", "labels": [...], "datasets": [{"label": "...",
 * "data": [...]}], "stacked": false, "horizontal": false, "yMin": 60, "yMax": 100} (the last two
 * optional). Needs vendor/chart.umd.min.js first.
 * Other pages may use it too: include this file after Chart.js and add canvases.
 */
(function () {
  "use strict";
  // Sixteen distinct colours; past them each series gets its own hue (golden-angle steps), so
  // a region with more sectors than colours never shows two sectors in one colour.
  var PALETTE = ["#1f4e79", "#e07b39", "#3c9d5d", "#c0392b", "#8e6bb8", "#2aa1b3", "#b59b2b",
    "#7f8c8d", "#d45d9a", "#5b8c2a", "#8c564b", "#17becf", "#9467bd", "#bcbd22", "#ff7f0e",
    "#393b79"];
  function colourOf(i) {
    if (i < PALETTE.length) { return PALETTE[i]; }
    var hue = Math.round((i * 137.508) % 360);
    return "hsl(" + hue + ", 55%, " + (i % 2 ? 38 : 52) + "%)";
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (set, i) {
      var colour = set.color || colourOf(i);
      return Object.assign({ backgroundColor: colour, borderColor: colour, borderWidth: 1 }, set);
    });
    var axis = { stacked: !!spec.stacked, beginAtZero: true };
    // An index on a fixed scale (e.g. IKM 25–100) may set its value axis' range: yMin / yMax.
    var valueAxis = Object.assign({}, axis);
    if (spec.yMin !== undefined) { valueAxis.min = spec.yMin; valueAxis.beginAtZero = false; }
    if (spec.yMax !== undefined) { valueAxis.max = spec.yMax; }
    canvas.mutasiChart = new Chart(canvas, {
      type: spec.type || "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: spec.horizontal ? "y" : "x",
        animation: false,
        scales: spec.type === "pie" || spec.type === "doughnut" ? {} : { x: axis, y: valueAxis },
        plugins: { legend: { display: datasets.length > 1, position: "bottom" } }
      }
    });
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
