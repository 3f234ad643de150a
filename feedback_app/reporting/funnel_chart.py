"""The invitation funnel as a dashboard chart: matched -> scheduled -> sent -> opened -> answered per trigger."""

from __future__ import annotations

import altair as alt

from feedback_app.common.texts import N_
from feedback_app.reporting.chart_style import WIDTH, Gettext, tip, to_spec, untranslated

FUNNEL_STEPS = ["matched", "scheduled", "sent", "opened", "answered"]
FUNNEL_STEP_NAMES = {
    "matched": N_("matched"),
    "scheduled": N_("scheduled"),
    "sent": N_("sent"),
    "opened": N_("opened"),
    "answered": N_("answered"),
}


def invitation_funnel_chart(rows: list[dict], gettext: Gettext = untranslated) -> dict:
    """Invitations per trigger at each step: rows {"trigger", "step", "count", "share"}; the steps are named in
    the reader's language (field "step_name")."""
    named = [{**row, "step_name": gettext(FUNNEL_STEP_NAMES.get(row["step"], row["step"]))} for row in rows]
    chart = (
        alt.Chart(alt.Data(values=named))
        .mark_bar(color="#0b6e4f")
        .encode(
            y=alt.Y("step_name:N", sort=[gettext(FUNNEL_STEP_NAMES[step]) for step in FUNNEL_STEPS], title=None),
            x=alt.X("count:Q", title=gettext(N_("Invitations"))),
            row=alt.Row("trigger:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=180)),
            tooltip=[
                tip("trigger:N", N_("Trigger"), gettext),
                tip("step_name:N", N_("Step"), gettext),
                tip("count:Q", N_("Invitations"), gettext),
                tip("share:Q", N_("of matched"), gettext, format=".0%"),
            ],
        )
    )
    return to_spec(chart.properties(width=WIDTH - 200, height=110))
