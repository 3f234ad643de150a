// In-place editing of authored map cells: click "Edit", type, Save (or Ctrl+Enter); Esc cancels.
// Without JavaScript the same link opens a small form page that posts to the same address.
(function () {
  "use strict";
  const table = document.getElementById("journey-map");
  const token = document.getElementById("csrf-token");
  const status = document.getElementById("edit-status");
  if (!table || !token) return;
  const wordsNode = document.getElementById("map-words");  // the page's language: templates/maps/_words.html
  const words = wordsNode ? JSON.parse(wordsNode.textContent) : {};
  const say = (key, values, fallback) => (words[key] || fallback).replace(/\{(\w+)\}/g, (m, name) => String(values[name]));

  function announce(text) {
    status.textContent = "";
    window.setTimeout(() => { status.textContent = text; }, 50);
  }

  function open(link) {
    const cell = link.closest("td");
    const text = cell.querySelector(".cell-text");
    const label = say("cell", {lane: cell.dataset.laneName, stage: cell.dataset.stageName}, "{lane} for {stage}");
    const form = document.createElement("form");
    form.className = "cell-editor";
    form.action = link.href;
    const id = "editor-" + cell.dataset.stage + "-" + cell.dataset.lane;
    form.innerHTML = `<label class="visually-hidden" for="${id}"></label><textarea id="${id}" name="content" rows="4" maxlength="2000"></textarea>
      <div class="editor-buttons"><button type="submit" class="primary small-button"></button> <button type="button" class="secondary cancel"></button></div>`;
    form.querySelector("button[type=submit]").textContent = say("save", {}, "Save");
    form.querySelector(".cancel").textContent = say("cancel", {}, "Cancel");
    form.querySelector("label").textContent = label;
    const area = form.querySelector("textarea");
    area.value = text.textContent;
    text.hidden = true; link.hidden = true;
    cell.append(form);
    area.focus();

    const close = () => { form.remove(); text.hidden = false; link.hidden = false; link.focus(); };
    form.querySelector(".cancel").addEventListener("click", () => { close(); announce(say("cancelled", {}, "Edit cancelled.")); });
    form.addEventListener("keydown", event => {
      if (event.key === "Escape") { event.preventDefault(); close(); announce(say("cancelled", {}, "Edit cancelled.")); }
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); form.requestSubmit(); }
    });
    form.addEventListener("submit", async event => {
      event.preventDefault();
      const body = new URLSearchParams({content: area.value, csrf_token: token.value});
      try {
        const response = await fetch(form.action, {method: "POST", body, credentials: "same-origin",
          headers: {Accept: "application/json", "X-CSRFToken": token.value}});
        const answer = await response.json().catch(() => ({error: "the server answered " + response.status}));
        if (!response.ok) { announce(say("not_saved", answer, "Not saved: {error}")); area.setAttribute("aria-invalid", "true"); return; }
        text.textContent = answer.result || "";
        link.textContent = answer.result ? say("edit", {}, "Edit") : say("add", {}, "Add");
        const names = {lane: cell.dataset.laneName, stage: cell.dataset.stageName};  // the name starts with the link's words
        link.setAttribute("aria-label", answer.result ? say("edit_cell", names, "Edit {lane} for {stage}") : say("add_cell", names, "Add {lane} for {stage}"));
        close();
        cell.classList.add("just-saved");
        window.setTimeout(() => cell.classList.remove("just-saved"), 1500);
        announce(say("saved", {what: label}, "Saved {what}."));
      } catch (err) {
        announce(say("not_saved", {error: err.message}, "Not saved: {error}") + " " + say("try_again", {}, "Try again."));
      }
    });
  }

  // Cells sit in the live table (opportunities) and in the authored lanes' table below it.
  document.addEventListener("click", event => {
    const link = event.target.closest(".journey-map a.cell-edit");
    if (!link) return;
    event.preventDefault();
    open(link);
  });
})();
