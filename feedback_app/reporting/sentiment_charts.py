"""How the answers felt, as dashboard charts: mean emotion per stage over time, the sentiment split per stage,
mean emotion per channel and the pain points (Pareto: ThemeSet.pain_count)."""

from __future__ import annotations

import altair as alt

from feedback_app.common.texts import N_
from feedback_app.reporting.chart_style import EMOTION_SCALE, MEAN_EMOTION, WIDTH, Gettext, tip, to_spec, untranslated

SENTIMENTS = {"positive": N_("positive"), "neutral": N_("neutral"), "negative": N_("negative")}
SENTIMENT_RANGE = ["#1a7f37", "#b8a13a", "#b42318"]
NO_CHANNEL = N_("No channel")


def emotion_over_time_chart(rows: list[dict], stages: list[str], gettext: Gettext = untranslated) -> dict:
    """Mean emotion per stage per period: rows {"stage", "period", "score", "responses"}."""
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("period:T", title=None),
        y=alt.Y("score:Q", title=gettext(MEAN_EMOTION), scale=EMOTION_SCALE),
        color=alt.Color("stage:N", sort=stages, title=gettext(N_("Stage"))),
        tooltip=[
            tip("stage:N", N_("Stage"), gettext),
            tip("period:T", N_("from"), gettext),
            tip("score:Q", N_("Mean emotion"), gettext, format="+.2f"),
            tip("responses:Q", N_("Answers"), gettext),
        ],
    )
    return to_spec((base.mark_line() + base.mark_point(filled=True, size=40)).properties(width=WIDTH, height=220))


def sentiment_split_chart(rows: list[dict], stages: list[str], gettext: Gettext = untranslated) -> dict:
    """Share of positive, neutral and negative answers per stage: rows {"stage", "label", "count"}; the legend
    names each label in the reader's language (field "sentiment")."""
    named = [{**row, "sentiment": gettext(SENTIMENTS.get(row["label"], row["label"]))} for row in rows]
    colours = alt.Scale(domain=[gettext(name) for name in SENTIMENTS.values()], range=SENTIMENT_RANGE)
    chart = (
        alt.Chart(alt.Data(values=named))
        .mark_bar()
        .encode(
            y=alt.Y("stage:N", sort=stages, title=None),
            x=alt.X("count:Q", stack="normalize", title=gettext(N_("Share of answers")), axis=alt.Axis(format="%")),
            color=alt.Color("sentiment:N", scale=colours, title=gettext(N_("Sentiment"))),
            order=alt.Order("order:Q"),
            tooltip=[
                tip("stage:N", N_("Stage"), gettext),
                tip("sentiment:N", N_("Sentiment"), gettext),
                tip("count:Q", N_("Answers"), gettext),
            ],
        )
        .transform_calculate(order="datum.label == 'positive' ? 0 : datum.label == 'neutral' ? 1 : 2")
    )
    return to_spec(chart.properties(width=WIDTH, height=max(120, 34 * len(stages))))


def channel_comparison_chart(rows: list[dict], gettext: Gettext = untranslated) -> dict:
    """Mean emotion and answers per channel: rows {"channel" (None: no channel), "score", "responses",
    "negative_share"}."""
    named = [{**row, "channel": row["channel"] or gettext(NO_CHANNEL)} for row in rows]
    chart = (
        alt.Chart(alt.Data(values=named))
        .mark_bar()
        .encode(
            y=alt.Y("channel:N", sort="-x", title=None),
            x=alt.X("score:Q", title=gettext(MEAN_EMOTION), scale=EMOTION_SCALE),
            color=alt.Color(
                "score:Q", scale=alt.Scale(domain=[-1, 0, 1], range=["#b42318", "#d9e2ec", "#1a7f37"]), legend=None
            ),
            tooltip=[
                tip("channel:N", N_("Channel"), gettext),
                tip("score:Q", N_("Mean emotion"), gettext, format="+.2f"),
                tip("responses:Q", N_("Answers"), gettext),
                tip("negative_share:Q", N_("negative"), gettext, format=".0%"),
            ],
        )
    )
    return to_spec(chart.properties(width=WIDTH, height=max(100, 34 * len(rows))))


def pain_point_pareto_chart(rows: list[dict], gettext: Gettext = untranslated) -> dict:
    """Answers per pain point, largest first, with the cumulative share: rows {"theme", "count", "cumulative"}."""
    order = [r["theme"] for r in rows]
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("theme:N", sort=order, title=None, axis=alt.Axis(labelAngle=-35, labelLimit=140))
    )
    bars = base.mark_bar(color="#b42318").encode(
        y=alt.Y("count:Q", title=gettext(N_("Answers with this pain point"))),
        tooltip=[
            tip("theme:N", N_("Theme"), gettext),
            tip("count:Q", N_("Answers with this pain point"), gettext),
            tip("cumulative:Q", N_("Cumulative share"), gettext, format=".0%"),
        ],
    )
    line = base.mark_line(color="#102a43", point=True).encode(
        y=alt.Y(
            "cumulative:Q",
            title=gettext(N_("Cumulative share")),
            axis=alt.Axis(format="%"),
            scale=alt.Scale(domain=[0, 1]),
        )
    )
    return to_spec(alt.layer(bars, line).resolve_scale(y="independent").properties(width=WIDTH, height=240))
