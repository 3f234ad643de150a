// The customer's survey page: what was typed survives the language switch, and the "answers are missing"
// banner goes once every marked question is answered. Without JavaScript the page works as before.
(function () {
  "use strict";
  const form = document.getElementById("survey-form");
  if (!form) return;
  const key = form.dataset.keep;
  const store = window.sessionStorage;

  function values() {
    const kept = {};
    form.querySelectorAll("input[type=radio]:checked, textarea").forEach(input => {
      if (input.value) kept[input.name] = input.value;
    });
    return kept;
  }

  function restore() {
    let kept = null;
    try { kept = JSON.parse(store.getItem(key) || "null"); store.removeItem(key); } catch (err) { return; }
    if (!kept) return;
    Object.entries(kept).forEach(([name, value]) => {
      form.querySelectorAll(`[name="${CSS.escape(name)}"]`).forEach(input => {
        if (input.type === "radio") input.checked = input.value === value;
        else if (!input.value) input.value = value;
      });
    });
  }

  // The switch is a link to the same page in the other language: keep the answers for the page it opens.
  document.querySelectorAll("a.lang-switch").forEach(link => link.addEventListener("click", () => {
    try { store.setItem(key, JSON.stringify(values())); } catch (err) { /* private mode: the link still works */ }
  }));

  const banner = document.querySelector(".answers-missing");
  function fixed(question) {
    const area = question.querySelector("textarea");
    if (area) return !area.maxLength || area.maxLength < 0 || area.value.length <= area.maxLength;
    return Boolean(question.querySelector("input:checked"));
  }
  function updateBanner() {
    if (banner) banner.hidden = Array.from(form.querySelectorAll(".question.invalid")).every(fixed);
  }
  form.addEventListener("change", updateBanner);
  form.addEventListener("input", updateBanner);
  restore();
  updateBanner();
})();
