// Small behaviours without inline scripts (a Content Security Policy can forbid those).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// A select marked data-autosubmit sends its form when it changes (the task status);
// <noscript> buttons keep the forms usable without JavaScript.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) {
    field.form.requestSubmit();
  }
});

// Charts of the statistics pages: drawn from the JSON the view wrote (json_script);
// a suppressed figure is null, a gap in the chart, never an estimate.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("report-charts");
  if (!source || typeof window.Chart === "undefined") return;
  const charts = JSON.parse(source.textContent);
  const colours = ["#1f4e79", "#d08c00", "#2e7d32", "#8e24aa", "#c62828", "#00838f"];
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const spec = charts[canvas.dataset.chart];
    if (!spec) return;
    spec.datasets.forEach((set, i) => {
      set.backgroundColor = colours[i % colours.length];
      set.borderColor = colours[i % colours.length];
      set.spanGaps = false;
    });
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: spec.datasets.length > 1 } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  });
});
