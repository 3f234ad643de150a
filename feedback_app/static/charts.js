// Renders every Vega-Lite spec on the page with the locally served vega-embed (no CDN). `ast: true` makes Vega
// interpret its expressions instead of compiling them with Function, so the CSP needs no 'unsafe-eval'.
(function () {
  "use strict";
  function render() {
    document.querySelectorAll("[data-chart]").forEach(function (holder) {
      const source = document.getElementById(holder.dataset.chart);
      if (!source || typeof window.vegaEmbed !== "function") return;
      window.vegaEmbed(holder, JSON.parse(source.textContent), {actions: false, renderer: "svg", ast: true})
        .then(function () { holder.dataset.rendered = "true"; })
        .catch(function (err) {
          holder.textContent = (holder.dataset.failed || "This chart could not be drawn:") + " " + err.message;
        });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", render);
  else render();
})();
