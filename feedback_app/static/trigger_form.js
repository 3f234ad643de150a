// The trigger form: choosing a touchpoint preselects the questionnaire written for its stage, until the marketer
// picks a questionnaire by hand.
(function () {
  const box = document.getElementById("touchpoint-questionnaire");
  if (!box) return;
  const byTouchpoint = JSON.parse(box.dataset.stageQuestionnaires || "{}");
  const touchpoint = box.querySelector("select[name=touchpoint_id]");
  const questionnaire = box.querySelector("select[name=questionnaire_id]");
  if (!touchpoint || !questionnaire) return;
  let chosenByHand = false;
  questionnaire.addEventListener("change", () => { chosenByHand = true; });
  touchpoint.addEventListener("change", () => {
    const natural = byTouchpoint[touchpoint.value];
    if (natural && !chosenByHand) questionnaire.value = String(natural);
  });
})();
