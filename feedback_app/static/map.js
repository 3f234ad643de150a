// Keeps the live lanes (emotions, pain points) of an open map current without a reload.
(function () {
  "use strict";
  const table = document.getElementById("journey-map");
  if (!table) return;
  const url = table.dataset.mapUrl;
  const status = document.getElementById("live-status");
  const curve = document.getElementById("emotion-curve");

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function renderEmotion(cell, e) {
    cell.replaceChildren();
    if (e.score === null) { cell.append(el("span", {class: "empty"}, "No answers yet")); return; }
    const tone = e.score > 0.1 ? "pos" : (e.score < -0.1 ? "neg" : "neu");
    cell.append(el("div", {class: "emotion-score " + tone}, (e.score >= 0 ? "+" : "") + e.score.toFixed(2)));
    cell.append(el("div", {class: "muted"}, e.responses + (e.responses === 1 ? " answer" : " answers")));
    const split = el("div", {class: "split", "aria-label": `${e.positive} positive, ${e.neutral} neutral, ${e.negative} negative`});
    [["pos", e.positive], ["neu", e.neutral], ["neg", e.negative]].forEach(([c, n]) => split.append(el("span", {class: c, style: "flex: " + n})));
    cell.append(split);
    cell.append(el("div", {class: "muted small"}, `${e.positive} positive · ${e.neutral} neutral · ${e.negative} negative`));
  }

  function renderPains(cell, pains) {
    cell.replaceChildren();
    if (!pains.length) { cell.append(el("span", {class: "empty"}, "None reported")); return; }
    const list = el("ol", {class: "pains"});
    pains.forEach(p => {
      const item = el("li");
      item.append(el("strong", {}, p.theme), " ", el("span", {class: "count"}, String(p.count)));
      if (p.quotes.length) {
        const details = el("details");
        details.append(el("summary", {}, "quotes"));
        const quotes = el("ul");
        p.quotes.forEach(q => quotes.append(el("li", {}, "“" + q + "”")));
        details.append(quotes);
        item.append(details);
      }
      list.append(item);
    });
    cell.append(list);
  }

  function renderCurve(stages) {
    if (!curve) return;
    // Pixel coordinates, so each point sits under its stage's column and dots stay round.
    const w = curve.clientWidth || 500, h = 120, pad = 14;
    curve.setAttribute("viewBox", `0 0 ${w} ${h}`);
    const left = curve.getBoundingClientRect().left;
    const columns = Array.from(table.querySelectorAll("thead th")).slice(1);
    const x = i => columns[i] ? columns[i].getBoundingClientRect().left - left + columns[i].offsetWidth / 2 : (i + 0.5) * w / stages.length;
    const y = s => pad + (1 - (s + 1) / 2) * (h - 2 * pad);
    const ns = "http://www.w3.org/2000/svg";
    curve.replaceChildren();
    const zero = document.createElementNS(ns, "line");
    Object.entries({x1: 0, x2: w, y1: y(0), y2: y(0), class: "zero"}).forEach(([k, v]) => zero.setAttribute(k, v));
    curve.append(zero);
    const points = stages.map((s, i) => s.emotion.score === null ? null : [x(i), y(s.emotion.score)]);
    const path = points.filter(Boolean).map((p, i) => (i ? "L" : "M") + p[0] + " " + p[1]).join(" ");
    if (path) {
      const line = document.createElementNS(ns, "path");
      line.setAttribute("d", path); line.setAttribute("class", "curve");
      curve.append(line);
    }
    points.forEach((p, i) => {
      if (!p) return;
      const dot = document.createElementNS(ns, "circle");
      dot.setAttribute("cx", p[0]); dot.setAttribute("cy", p[1]); dot.setAttribute("r", 5);
      const score = stages[i].emotion.score;
      dot.setAttribute("class", score > 0.1 ? "pos" : (score < -0.1 ? "neg" : "neu"));
      const title = document.createElementNS(ns, "title");
      title.textContent = `${stages[i].name}: ${score.toFixed(2)}`;
      dot.append(title);
      curve.append(dot);
    });
  }

  function render(map) {
    map.stages.forEach(stage => {
      const e = table.querySelector(`td[data-stage="${stage.key}"][data-lane="emotion"]`);
      const p = table.querySelector(`td[data-stage="${stage.key}"][data-lane="pain_points"]`);
      if (e) renderEmotion(e, stage.emotion);
      if (p) renderPains(p, stage.pain_points);
    });
    renderCurve(map.stages);
  }

  async function refresh() {
    try {
      const response = await fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin"});
      if (!response.ok) throw new Error(response.status);
      const map = await response.json();
      latest = map;
      render(map);
      table.dataset.updatedAt = map.generated_at;
      status.textContent = "Live: updated " + new Date().toLocaleTimeString();
    } catch (err) {
      status.textContent = "Live updates paused (" + err.message + "); retrying…";
    }
  }

  let latest = JSON.parse(document.getElementById("map-data").textContent);
  render(latest);
  window.addEventListener("resize", () => renderCurve(latest.stages));
  setInterval(refresh, 3000);
})();
