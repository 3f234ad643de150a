"""Altair chart builders: plain rows in, a Vega-Lite spec (dict) out. No Flask, no database.

The dashboards embed these specs with the locally served vega-embed bundle; exports.py turns the same
specs into PNG, SVG and PDF with vl-convert, so what is downloaded is what was on screen.

A spec is a finished picture, so its words (titles, axes, legends, tooltips) are put in the reader's language
while it is built: every builder takes `gettext` (msgid -> text; the page passes Flask-Babel's, the default
keeps the English) and marks its words with N_ for the catalog. Data values (stage, theme, trigger names)
arrive as the caller wants them shown.

The builders live by chart family (sentiment_charts, rating_charts, funnel_chart, map_charts; what they
share in chart_style); this module lists the dashboard's charts in page order and is where callers find them.
"""

from __future__ import annotations

from feedback_app.common.texts import N_
from feedback_app.reporting.chart_style import Gettext, localized, untranslated
from feedback_app.reporting.funnel_chart import FUNNEL_STEPS, invitation_funnel_chart
from feedback_app.reporting.map_charts import emotion_curve_chart, map_chart
from feedback_app.reporting.rating_charts import RATING_TITLES, rating_trend_chart, ratings_by_stage_chart
from feedback_app.reporting.sentiment_charts import (
    channel_comparison_chart,
    emotion_over_time_chart,
    pain_point_pareto_chart,
    sentiment_split_chart,
)

__all__ = [
    "DASHBOARD_CHARTS",
    "FUNNEL_STEPS",
    "RATING_TITLES",
    "channel_comparison_chart",
    "dashboard_chart",
    "dashboard_charts",
    "emotion_curve_chart",
    "emotion_over_time_chart",
    "invitation_funnel_chart",
    "map_chart",
    "pain_point_pareto_chart",
    "rating_trend_chart",
    "ratings_by_stage_chart",
    "sentiment_split_chart",
]

DASHBOARD_CHARTS = [  # name, title, rows key, builder (rows, stage names, gettext) -> spec
    ("emotion-over-time", N_("Emotion per stage over time"), "emotion_over_time", emotion_over_time_chart),
    ("ratings-by-stage", N_("NPS, CSAT and CES per stage"), "ratings_by_stage", ratings_by_stage_chart),
    (
        "rating-trend",
        N_("NPS, CSAT and CES over time"),
        "rating_trend",
        lambda rows, stages, gettext: rating_trend_chart(rows, gettext),
    ),
    ("sentiment-split", N_("Sentiment split per stage"), "sentiment_split", sentiment_split_chart),
    (
        "pain-points",
        N_("Pain points (Pareto)"),
        "pain_points",
        lambda rows, stages, gettext: pain_point_pareto_chart(rows, gettext),
    ),
    (
        "invitation-funnel",
        N_("Invitation funnel per trigger"),
        "funnel",
        lambda rows, stages, gettext: invitation_funnel_chart(rows, gettext),
    ),
    (
        "channels",
        N_("Channel comparison"),
        "channel_comparison",
        lambda rows, stages, gettext: channel_comparison_chart(rows, gettext),
    ),
]


def dashboard_charts(data: dict, gettext: Gettext = untranslated, lang: str = "en") -> list[dict]:
    """The dashboard's charts in page order: {"name", "title", "spec"}; spec is None when there is nothing to draw."""
    return [
        {
            "name": name,
            "title": gettext(title),
            "spec": localized(build(data[key], data["stages"], gettext), lang) if data[key] else None,
        }
        for name, title, key, build in DASHBOARD_CHARTS
    ]


def dashboard_chart(data: dict, name: str, gettext: Gettext = untranslated, lang: str = "en") -> dict | None:
    """One named chart of `dashboard_charts`, or None for an unknown name."""
    return next((chart for chart in dashboard_charts(data, gettext, lang) if chart["name"] == name), None)
