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

  // Words and numbers in the page's language: templates/maps/_words.html, and Intl for +0,46 / +0.46.
  const wordsNode = document.getElementById("map-words");
  const words = wordsNode ? JSON.parse(wordsNode.textContent) : {};
  const say = (key, values, fallback) => (words[key] || fallback).replace(/\{(\w+)\}/g, (m, name) => String(values[name]));
  const locale = document.documentElement.lang || "en";
  const signed = (n, digits) => new Intl.NumberFormat(locale, {signDisplay: "always", minimumFractionDigits: digits,
                                                               maximumFractionDigits: digits}).format(n);
  const answersText = n => n === 1 ? say("one_answer", {}, "1 answer") : say("answers", {n}, "{n} answers");
  const futureState = table.dataset.mapType === "future_state";
  let fewAnswers = 5;
  const SHOWN_PAINS = 3;  // the map's JSON says the real figure (maps/emotion_tone.py)

  // Phones: fold the filters away unless some are set, so the map starts on the first screen.
  const filters = document.getElementById("map-filters");
  if (filters && filters.dataset.active === "0" && window.matchMedia("(max-width: 640px)").matches) filters.open = false;

  function quoteList(title, quotes, attrs) {
    const box = el("div", attrs);
    if (title) box.append(el("strong", {}, title));
    const list = el("ul");
    quotes.forEach(q => list.append(el("li", {}, "“" + q + "”")));
    box.append(list);
    return box;
  }

  function renderEmotion(cell, e, stage) {
    cell.replaceChildren();
    if (e.score === null) {
      cell.append(el("span", {class: "empty"}, say("no_answers", {}, "No answers yet")));
    } else {
      const line = el("div", {class: "emotion-line"});
      line.append(el("span", {class: "emotion-score " + e.tone}, signed(e.score, 2)), " ",
                  el("span", {class: "tone-word " + e.tone}, (words.tones || {})[e.tone] || e.tone));
      cell.append(line);
      const count = el("div", {class: "muted small"}, answersText(e.responses));
      if (e.stderr !== null && e.stderr !== undefined) {
        const width = new Intl.NumberFormat(locale, {minimumFractionDigits: 2, maximumFractionDigits: 2}).format(1.96 * e.stderr);
        count.append(" · ", el("span", {class: "interval", title: say("interval", {low: signed(e.low, 2), high: signed(e.high, 2)}, "95 %: {low} to {high}")}, `± ${width}`));
      }
      cell.append(count);
      if (e.tone === "few") cell.append(el("div", {class: "few-note small"}, say("few", {needed: fewAnswers}, "Too few answers to judge: {needed} needed.")));
      const split = el("div", {class: "split", role: "img", "aria-label": say("split", e, "{positive} positive, {neutral} neutral, {negative} negative")});
      [["pos", e.positive], ["neu", e.neutral], ["neg", e.negative]].forEach(([c, n]) => split.append(el("span", {class: c, style: "flex: " + n})));
      cell.append(split);
      cell.append(el("div", {class: "muted small"}, say("split_line", e, "{positive} positive · {neutral} neutral · {negative} negative")));
      if (e.dominant) {
        const [before, after] = (words.mostly || "Mostly {emotion}").split("{emotion}");
        const dominant = el("div", {class: "dominant"}, before);
        dominant.append(el("strong", {}, (words.emotions || {})[e.dominant] || e.dominant), after || "");
        cell.append(dominant);
      }
      if (e.quotes && e.quotes.length) cell.append(quoteList(say("what_they_said", {}, "What they said"), e.quotes, {class: "hover-quotes", role: "tooltip"}));
    }
    if (futureState && stage.target_emotion !== null && stage.target_emotion !== undefined) {
      const values = {target: signed(stage.target_emotion, 1)};
      const text = e.score === null ? say("target", values, "target {target}") :
        say("target_live", {...values, live: signed(e.score, 1), gap: signed(stage.gap, 1)}, "target {target}, live {live}, gap {gap}");
      cell.append(el("div", {class: "target-line"}, text));
    }
  }

  function answersUrl(stage, pain) {
    const slug = table.dataset.journey;
    const filters = {journey: slug, stage: stage.key, theme: pain.key};
    if (!pain.complaint) filters.label = "negative";  // a complaint counts in every answer naming it
    return "/responses?" + new URLSearchParams(filters);
  }

  function renderPains(cell, pains, stage) {
    cell.replaceChildren();
    if (!pains.length) { cell.append(el("span", {class: "empty"}, say("none_reported", {}, "None reported"))); return; }
    let list = el("ol", {class: "pains"});
    cell.append(list);
    pains.forEach((p, i) => {
      if (i === SHOWN_PAINS) {  // the top three in view, the rest one click away (as templates/maps/_pains.html)
        const more = el("details", {class: "more-pains"});
        more.append(el("summary", {}, say("more", {num: pains.length - SHOWN_PAINS}, "{num} more")));
        list = el("ol", {class: "pains", start: String(SHOWN_PAINS + 1)});
        more.append(list);
        cell.append(more);
      }
      const item = el("li");
      item.append(el("strong", {}, p.theme), " ", el("span", {class: "count"}, String(p.count)), " ");
      if (p.share !== null && p.share !== undefined) {
        const share = {share: Math.round(p.share * 100) + "\u00a0%"};
        const text = p.complaint ? say("share_all", share, "{share} of answers") : say("share", share, "{share} of negative answers");
        item.append(el("span", {class: "pain-meta share"}, text));
      }
      const links = el("span", {class: "pain-links"});
      links.append(el("a", {class: "answers-link", href: answersUrl(stage, p)}, say("see_answers", {}, "see the answers")), " ");
      item.append(links);
      if (p.quotes.length) {
        const details = el("details");
        details.append(el("summary", {}, say("quotes", {}, "quotes")));
        const quotes = el("ul");
        p.quotes.forEach(q => quotes.append(el("li", {}, "“" + q + "”")));
        details.append(quotes);
        links.append(details);
      }
      list.append(item);
    });
  }

  function svg(tag, attrs, parent) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
    parent.append(node);
    return node;
  }

  function renderCurve(stages) {
    if (!curve) return;
    // Pixel coordinates, so each point sits under its stage's column and dots stay round.
    const w = curve.clientWidth || 500, h = curve.clientHeight || 120, pad = 12, axis = 44;
    curve.setAttribute("viewBox", `0 0 ${w} ${h}`);
    const left = curve.getBoundingClientRect().left;
    const columns = Array.from(table.querySelectorAll("thead th")).slice(1);
    const x = i => columns[i] ? columns[i].getBoundingClientRect().left - left + columns[i].offsetWidth / 2 : (i + 0.5) * w / stages.length;
    const y = s => pad + (1 - (s + 1) / 2) * (h - 2 * pad);
    curve.replaceChildren();
    // The y axis: -1, 0 and +1 with their words, left of the first stage (in the lane-name column's gutter).
    [[1, "axis_positive"], [0, "axis_neutral"], [-1, "axis_negative"]].forEach(([value, word]) => {
      svg("line", {x1: axis, x2: w, y1: y(value), y2: y(value), class: value ? "grid" : "zero"}, curve);
      const label = svg("text", {x: axis - 6, y: y(value) + 4, class: "axis-label", "text-anchor": "end"}, curve);
      label.textContent = signed(value, 0).replace(/^[+\u2212-]?0$/, "0");
      const name = svg("text", {x: axis + 4, y: y(value) + (value > 0 ? 12 : -4), class: "axis-word"}, curve);
      name.textContent = say(word, {}, "");
    });
    const line = (values, cls) => {
      const points = values.map((v, i) => v === null || v === undefined ? null : [x(i), y(v)]).filter(Boolean);
      if (points.length) svg("path", {d: points.map((p, i) => (i ? "L" : "M") + p[0] + " " + p[1]).join(" "), class: cls}, curve);
    };
    if (futureState) {
      line(stages.map(s => s.target_emotion), "target");
      stages.forEach((s, i) => {
        if (s.target_emotion === null || s.target_emotion === undefined) return;
        const mark = svg("rect", {x: x(i) - 5, y: y(s.target_emotion) - 5, width: 10, height: 10, class: "target-mark"}, curve);
        svg("title", {}, mark).textContent = say("curve_target", {stage: s.name, target: signed(s.target_emotion, 2)}, "{stage}: target {target}");
      });
    }
    line(stages.map(s => s.emotion.score), "curve");
    stages.forEach((s, i) => {
      const e = s.emotion;
      if (e.score === null) return;
      if (e.low !== null && e.low !== undefined) svg("line", {x1: x(i), x2: x(i), y1: y(e.low), y2: y(e.high), class: "interval"}, curve);
      const dot = svg("circle", {cx: x(i), cy: y(e.score), r: 5, class: e.tone}, curve);
      const quotes = (e.quotes || []).map(q => "\n“" + q + "”").join("");
      svg("title", {}, dot).textContent = say("curve_dot", {stage: s.name, score: signed(e.score, 2), answers: answersText(e.responses)},
                                            "{stage}: {score} ({answers})") + quotes;
    });
  }

  function render(map) {
    if (map.few_answers) fewAnswers = map.few_answers;
    map.stages.forEach(stage => {
      document.querySelectorAll(`thead th[data-stage="${stage.key}"] .stage-answers`).forEach(node => {
        node.textContent = answersText(stage.emotion.responses);
        node.classList.toggle("few", stage.emotion.responses < fewAnswers);
      });
      const e = table.querySelector(`td[data-stage="${stage.key}"][data-lane="emotion"]`);
      const p = table.querySelector(`td[data-stage="${stage.key}"][data-lane="pain_points"]`);
      if (e) renderEmotion(e, stage.emotion, stage);
      if (p) renderPains(p, stage.pain_points, stage);
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
      status.textContent = say("updated", {time: new Date().toLocaleTimeString(locale)}, "Live: updated {time}");
    } catch (err) {
      status.textContent = say("paused", {error: err.message}, "Live updates paused ({error}); retrying…");
    }
  }

  let latest = JSON.parse(document.getElementById("map-data").textContent);
  render(latest);
  window.addEventListener("resize", () => renderCurve(latest.stages));
  setInterval(refresh, 3000);
})();
