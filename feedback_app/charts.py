"""Altair chart builders: plain rows in, a Vega-Lite spec (dict) out. No Flask, no database.

The dashboards embed these specs with the locally served vega-embed bundle; exports.py turns the same
specs into PNG, SVG and PDF with vl-convert, so what is downloaded is what was on screen.
"""
from __future__ import annotations

import altair as alt

EMOTION_SCALE = alt.Scale(domain=[-1, 1])
SENTIMENT_COLOURS = alt.Scale(domain=["positive", "neutral", "negative"], range=["#1a7f37", "#b8a13a", "#b42318"])
RATING_TITLES = {"nps": "NPS (% promoters − % detractors)", "csat": "CSAT (% rating 4–5)", "ces": "CES (mean, 1–7)"}
FUNNEL_STEPS = ["matched", "scheduled", "sent", "opened", "answered"]
WIDTH = 440  # fits a dashboard card beside another on a 1440 px screen, legend included


def _spec(chart) -> dict:
    return chart.to_dict()


def emotion_over_time_chart(rows: list[dict], stages: list[str]) -> dict:
    """Mean emotion per stage per period: rows {"stage", "period", "score", "responses"}."""
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("period:T", title=None),
        y=alt.Y("score:Q", title="Mean emotion (−1..1)", scale=EMOTION_SCALE),
        color=alt.Color("stage:N", sort=stages, title="Stage"),
        tooltip=["stage:N", alt.Tooltip("period:T", title="from"), alt.Tooltip("score:Q", format="+.2f"),
                 "responses:Q"])
    return _spec((base.mark_line() + base.mark_point(filled=True, size=40)).properties(width=WIDTH, height=220))


def ratings_by_stage_chart(rows: list[dict], stages: list[str]) -> dict:
    """NPS, CSAT and CES per stage, one panel per kind: rows {"stage", "kind", "value", "answers"}."""
    panels = []
    for kind, title in RATING_TITLES.items():
        data = [r for r in rows if r["kind"] == kind]
        if not data:
            continue
        panels.append(alt.Chart(alt.Data(values=data), title=title).mark_bar().encode(
            x=alt.X("stage:N", sort=stages, title=None),
            y=alt.Y("value:Q", title=None),
            tooltip=["stage:N", alt.Tooltip("value:Q", format=".1f"), "answers:Q"],
        ).properties(width=130, height=180))
    return _spec(alt.hconcat(*panels) if panels else alt.Chart(alt.Data(values=[])).mark_bar())


def rating_trend_chart(rows: list[dict]) -> dict:
    """Each rating kind over time: rows {"kind", "period", "value", "answers"}."""
    panels = []
    for kind, title in RATING_TITLES.items():
        data = [r for r in rows if r["kind"] == kind]
        if not data:
            continue
        panels.append(alt.Chart(alt.Data(values=data), title=title).mark_line(point=True).encode(
            x=alt.X("period:T", title=None), y=alt.Y("value:Q", title=None),
            tooltip=[alt.Tooltip("period:T", title="from"), alt.Tooltip("value:Q", format=".1f"), "answers:Q"],
        ).properties(width=130, height=160))
    return _spec(alt.hconcat(*panels) if panels else alt.Chart(alt.Data(values=[])).mark_line())


def sentiment_split_chart(rows: list[dict], stages: list[str]) -> dict:
    """Share of positive, neutral and negative answers per stage: rows {"stage", "label", "count"}."""
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        y=alt.Y("stage:N", sort=stages, title=None),
        x=alt.X("count:Q", stack="normalize", title="Share of answers", axis=alt.Axis(format="%")),
        color=alt.Color("label:N", scale=SENTIMENT_COLOURS, title="Sentiment"),
        order=alt.Order("order:Q"),
        tooltip=["stage:N", "label:N", "count:Q"],
    ).transform_calculate(order="datum.label == 'positive' ? 0 : datum.label == 'neutral' ? 1 : 2")
    return _spec(chart.properties(width=WIDTH, height=max(120, 34 * len(stages))))


def pain_point_pareto_chart(rows: list[dict]) -> dict:
    """Negative answers per theme, largest first, with the cumulative share: rows {"theme", "count", "cumulative"}."""
    order = [r["theme"] for r in rows]
    base = alt.Chart(alt.Data(values=rows)).encode(x=alt.X("theme:N", sort=order, title=None,
                                                           axis=alt.Axis(labelAngle=-35, labelLimit=140)))
    bars = base.mark_bar(color="#b42318").encode(
        y=alt.Y("count:Q", title="Negative answers"), tooltip=["theme:N", "count:Q",
                                                               alt.Tooltip("cumulative:Q", format=".0%")])
    line = base.mark_line(color="#102a43", point=True).encode(
        y=alt.Y("cumulative:Q", title="Cumulative share", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])))
    return _spec(alt.layer(bars, line).resolve_scale(y="independent").properties(width=WIDTH, height=240))


def invitation_funnel_chart(rows: list[dict]) -> dict:
    """Invitations per trigger at each step: rows {"trigger", "step", "count", "share"}."""
    chart = alt.Chart(alt.Data(values=rows)).mark_bar(color="#0b6e4f").encode(
        y=alt.Y("step:N", sort=FUNNEL_STEPS, title=None),
        x=alt.X("count:Q", title="Invitations"),
        row=alt.Row("trigger:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=180)),
        tooltip=["trigger:N", "step:N", "count:Q", alt.Tooltip("share:Q", format=".0%", title="of matched")],
    )
    return _spec(chart.properties(width=WIDTH - 200, height=110))


def channel_comparison_chart(rows: list[dict]) -> dict:
    """Mean emotion and answers per channel: rows {"channel", "score", "responses", "negative_share"}."""
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        y=alt.Y("channel:N", sort="-x", title=None),
        x=alt.X("score:Q", title="Mean emotion (−1..1)", scale=EMOTION_SCALE),
        color=alt.Color("score:Q", scale=alt.Scale(domain=[-1, 0, 1], range=["#b42318", "#d9e2ec", "#1a7f37"]),
                        legend=None),
        tooltip=["channel:N", alt.Tooltip("score:Q", format="+.2f"), "responses:Q",
                 alt.Tooltip("negative_share:Q", format=".0%", title="negative")],
    )
    return _spec(chart.properties(width=WIDTH, height=max(100, 34 * len(rows))))


def emotion_curve_chart(map_json: dict) -> dict:
    """The map's emotion curve: mean per stage with a ±1.96·stderr band, and the target where one is set."""
    return _spec(_emotion_curve(map_json))


def _emotion_curve(map_json: dict) -> alt.LayerChart:
    stages = [s["name"] for s in map_json["stages"]]
    rows = []
    for s in map_json["stages"]:
        e = s["emotion"]
        half = 1.96 * e["stderr"] if e.get("stderr") is not None else 0
        rows.append({"stage": s["name"], "score": e["score"], "responses": e["responses"],
                     "low": None if e["score"] is None else max(-1, e["score"] - half),
                     "high": None if e["score"] is None else min(1, e["score"] + half),
                     "target": s.get("target_emotion")})
    x = alt.X("stage:N", sort=stages, title=None, axis=alt.Axis(labelAngle=0), scale=alt.Scale(domain=stages))
    base = alt.Chart(alt.Data(values=rows)).encode(x=x)
    valid = "isValid(datum.score)"
    band = base.mark_rule(strokeWidth=3, opacity=0.35).encode(y=alt.Y("low:Q", scale=EMOTION_SCALE), y2="high:Q") \
        .transform_filter(valid)
    line = base.mark_line(color="#102a43").encode(y=alt.Y("score:Q", scale=EMOTION_SCALE, title="Emotion")) \
        .transform_filter(valid)
    points = base.mark_circle(size=90, opacity=1).encode(
        y=alt.Y("score:Q", scale=EMOTION_SCALE),
        color=alt.Color("score:Q", scale=alt.Scale(domain=[-1, 0, 1], range=["#b42318", "#8a6d00", "#1a7f37"]),
                        legend=None),
        tooltip=["stage:N", alt.Tooltip("score:Q", format="+.2f"), "responses:Q"]).transform_filter(valid)
    target = base.mark_point(shape="diamond", color="#1d4ed8", size=80, filled=False).encode(
        y=alt.Y("target:Q", scale=EMOTION_SCALE), tooltip=["stage:N", alt.Tooltip("target:Q", title="target")]) \
        .transform_filter("isValid(datum.target)")
    zero = alt.Chart(alt.Data(values=[{"y": 0}])).mark_rule(strokeDash=[4, 4], color="#9aa5b1").encode(y="y:Q")
    return alt.layer(zero, band, line, points, target).properties(width=WIDTH + 200, height=200)


def map_chart(map_json: dict) -> dict:
    """The map as one picture for export: the emotion curve above the top pain points of each stage."""
    stages = [s["name"] for s in map_json["stages"]]
    pains = [{"stage": s["name"], "rank": i + 1, "label": f"{p['theme']} ({p['count']})"}
             for s in map_json["stages"] for i, p in enumerate(s["pain_points"][:3])]
    grid = alt.Chart(alt.Data(values=pains), title="Top pain points").mark_text(align="center", fontSize=12).encode(
        x=alt.X("stage:N", sort=stages, title=None, axis=alt.Axis(orient="top", labelAngle=0),
                scale=alt.Scale(domain=stages)),
        y=alt.Y("rank:O", title=None, axis=None), text="label:N").properties(width=WIDTH + 200, height=90)
    return _spec(alt.vconcat(_emotion_curve(map_json), grid, title=map_json["journey"]["name"]))


DASHBOARD_CHARTS = [  # name, title, rows key, builder (rows, stage names) -> spec, what "empty" means
    ("emotion-over-time", "Emotion per stage over time", "emotion_over_time",
     lambda rows, stages: emotion_over_time_chart(rows, stages)),
    ("ratings-by-stage", "NPS, CSAT and CES per stage", "ratings_by_stage",
     lambda rows, stages: ratings_by_stage_chart(rows, stages)),
    ("rating-trend", "NPS, CSAT and CES over time", "rating_trend", lambda rows, stages: rating_trend_chart(rows)),
    ("sentiment-split", "Sentiment split per stage", "sentiment_split",
     lambda rows, stages: sentiment_split_chart(rows, stages)),
    ("pain-points", "Pain points (Pareto)", "pain_points", lambda rows, stages: pain_point_pareto_chart(rows)),
    ("invitation-funnel", "Invitation funnel per trigger", "funnel", lambda rows, stages: invitation_funnel_chart(rows)),
    ("channels", "Channel comparison", "channel_comparison", lambda rows, stages: channel_comparison_chart(rows)),
]


def dashboard_charts(data: dict) -> list[dict]:
    """The dashboard's charts in page order: {"name", "title", "spec"}; spec is None when there is nothing to draw."""
    return [{"name": name, "title": title, "spec": build(data[key], data["stages"]) if data[key] else None}
            for name, title, key, build in DASHBOARD_CHARTS]


def dashboard_chart(data: dict, name: str) -> dict | None:
    """One named chart of `dashboard_charts`, or None for an unknown name."""
    return next((chart for chart in dashboard_charts(data) if chart["name"] == name), None)
