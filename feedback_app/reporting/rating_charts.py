"""NPS, CSAT and CES as dashboard charts: per stage and over time, one small panel per rating kind."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt

from feedback_app.common.texts import N_
from feedback_app.reporting.chart_style import Gettext, tip, to_spec, untranslated

RATING_TITLES = {
    "nps": N_("NPS (promoters − detractors, percent)"),
    "csat": N_("CSAT (share rating 4–5, percent)"),
    "ces": N_("CES (mean, 1–7)"),
}


def ratings_by_stage_chart(rows: list[dict], stages: list[str], gettext: Gettext = untranslated) -> dict:
    """NPS, CSAT and CES per stage, one panel per kind: rows {"stage", "kind", "value", "answers"}."""
    panels = _rating_panels(
        rows,
        gettext,
        lambda chart: chart.mark_bar(),
        alt.X("stage:N", sort=stages, title=None),
        tip("stage:N", N_("Stage"), gettext),
        height=180,
    )
    return to_spec(alt.hconcat(*panels) if panels else alt.Chart(alt.Data(values=[])).mark_bar())


def rating_trend_chart(rows: list[dict], gettext: Gettext = untranslated) -> dict:
    """Each rating kind over time: rows {"kind", "period", "value", "answers"}."""
    panels = _rating_panels(
        rows,
        gettext,
        lambda chart: chart.mark_line(point=True),
        alt.X("period:T", title=None),
        tip("period:T", N_("from"), gettext),
        height=160,
    )
    return to_spec(alt.hconcat(*panels) if panels else alt.Chart(alt.Data(values=[])).mark_line())


def _rating_panels(
    rows: list[dict],
    gettext: Gettext,
    mark: Callable[[alt.Chart], alt.Chart],
    x: alt.X,
    where: alt.Tooltip,
    height: int,
) -> list[alt.Chart]:
    """A panel for each rating kind that has rows, in RATING_TITLES order: `x` along, the value up, and a
    tooltip of where (stage or period), value and answers."""
    panels = []
    for kind, title in RATING_TITLES.items():
        data = [r for r in rows if r["kind"] == kind]
        if not data:
            continue
        panels.append(
            mark(alt.Chart(alt.Data(values=data), title=gettext(title)))
            .encode(
                x=x,
                y=alt.Y("value:Q", title=None),
                tooltip=[
                    where,
                    tip("value:Q", N_("Value"), gettext, format=".1f"),
                    tip("answers:Q", N_("Answers"), gettext),
                ],
            )
            .properties(width=130, height=height)
        )
    return panels
