// Line charts of the reporting pages: every <canvas data-chart="ID"> reads its data from the
// json_script element #ID ({labels, datasets: [{label, data}]}) and is drawn with Chart.js.
(function () {
  "use strict";
  var COLOURS = ["#0b5cad", "#b35c00", "#1b6e3a", "#7a3ea1"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var quartiles = data.datasets.length === 3;  // trends: 1st quartile, median, 3rd quartile
    data.datasets.forEach(function (set, n) {
      set.borderColor = COLOURS[n % COLOURS.length];
      set.backgroundColor = COLOURS[n % COLOURS.length];
      set.spanGaps = true;
      set.tension = 0.2;
      if (quartiles) {
        // The spread drawn as dotted lines around the solid median: told apart without colour.
        set.borderColor = set.backgroundColor = n === 1 ? COLOURS[0] : "#5a6272";
        if (n !== 1) { set.borderDash = [2, 3]; set.pointStyle = n === 0 ? "triangle" : "rectRot"; }
        set.borderWidth = n === 1 ? 3 : 2;
      } else if (n > 0) { set.borderDash = [6, 4]; }
    });
    var chart = new Chart(canvas, {
      type: "line",
      data: data,
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: true,
        aspectRatio: 2,
        scales: { y: { beginAtZero: true } },
        plugins: { legend: { position: "bottom" } }
      }
    });
    canvas.dataset.drawn = String(chart.data.datasets.length);
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
