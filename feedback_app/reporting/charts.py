"""Altair chart builders: plain rows in, a Vega-Lite spec (dict) out. No Flask, no database.

The dashboards embed these specs with the locally served vega-embed bundle; exports.py turns the same
specs into PNG, SVG and PDF with vl-convert, so what is downloaded is what was on screen.

A spec is a finished picture, so its words (titles, axes, legends, tooltips) are put in the reader's language
while it is built: every builder takes `gettext` (msgid -> text; the page passes Flask-Babel's, the default
keeps the English) and marks its words with N_ for the catalog. Data values (stage, theme, trigger names)
arrive as the caller wants them shown.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt

from feedback_app.common.texts import N_, in_language

Gettext = Callable[[str], str]
EMOTION_SCALE = alt.Scale(domain=[-1, 1])
SENTIMENTS = {"positive": N_("positive"), "neutral": N_("neutral"), "negative": N_("negative")}
SENTIMENT_RANGE = ["#1a7f37", "#b8a13a", "#b42318"]
RATING_TITLES = {
    "nps": N_("NPS (% promoters − % detractors)"),
    "csat": N_("CSAT (% rating 4–5)"),
    "ces": N_("CES (mean, 1–7)"),
}
FUNNEL_STEPS = ["matched", "scheduled", "sent", "opened", "answered"]
FUNNEL_STEP_NAMES = {
    "matched": N_("matched"),
    "scheduled": N_("scheduled"),
    "sent": N_("sent"),
    "opened": N_("opened"),
    "answered": N_("answered"),
}
NO_CHANNEL = N_("No channel")
MEAN_EMOTION = N_("Mean emotion (−1..1)")
WIDTH = 440  # fits a dashboard card beside another on a 1440 px screen, legend included
# Number and date conventions of the axes and tooltips (d3's id-ID locale): 1.234,5 and "Sen 09", "Mar 2026".
FORMAT_LOCALES = {
    "id": {
        "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp", ""]},
        "time": {
            "dateTime": "%A, %e %B %Y pukul %H.%M.%S",
            "date": "%d/%m/%Y",
            "time": "%H.%M.%S",
            "periods": ["AM", "PM"],
            "days": ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
            "shortDays": ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"],
            "months": [
                "Januari",
                "Februari",
                "Maret",
                "April",
                "Mei",
                "Juni",
                "Juli",
                "Agustus",
                "September",
                "Oktober",
                "November",
                "Desember",
            ],
            "shortMonths": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
        },
    }
}


def _as_is(message: str) -> str:
    return message


def _spec(chart) -> dict:
    return chart.to_dict()


def localized(spec: dict, lang: str) -> dict:
    """The spec with the number and date conventions of `lang` (English: Vega's own)."""
    if lang in FORMAT_LOCALES:
        spec.setdefault("config", {})["locale"] = FORMAT_LOCALES[lang]
    return spec


def _tip(field: str, title: str, gettext: Gettext, **options) -> alt.Tooltip:
    """A tooltip line named in the reader's language (Vega-Lite would show the field's name)."""
    return alt.Tooltip(field, title=gettext(title), **options)


def emotion_over_time_chart(rows: list[dict], stages: list[str], gettext: Gettext = _as_is) -> dict:
    """Mean emotion per stage per period: rows {"stage", "period", "score", "responses"}."""
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("period:T", title=None),
        y=alt.Y("score:Q", title=gettext(MEAN_EMOTION), scale=EMOTION_SCALE),
        color=alt.Color("stage:N", sort=stages, title=gettext(N_("Stage"))),
        tooltip=[
            _tip("stage:N", N_("Stage"), gettext),
            _tip("period:T", N_("from"), gettext),
            _tip("score:Q", N_("Mean emotion"), gettext, format="+.2f"),
            _tip("responses:Q", N_("Answers"), gettext),
        ],
    )
    return _spec((base.mark_line() + base.mark_point(filled=True, size=40)).properties(width=WIDTH, height=220))


def ratings_by_stage_chart(rows: list[dict], stages: list[str], gettext: Gettext = _as_is) -> dict:
    """NPS, CSAT and CES per stage, one panel per kind: rows {"stage", "kind", "value", "answers"}."""
    panels = []
    for kind, title in RATING_TITLES.items():
        data = [r for r in rows if r["kind"] == kind]
        if not data:
            continue
        panels.append(
            alt.Chart(alt.Data(values=data), title=gettext(title))
            .mark_bar()
            .encode(
                x=alt.X("stage:N", sort=stages, title=None),
                y=alt.Y("value:Q", title=None),
                tooltip=[
                    _tip("stage:N", N_("Stage"), gettext),
                    _tip("value:Q", N_("Value"), gettext, format=".1f"),
                    _tip("answers:Q", N_("Answers"), gettext),
                ],
            )
            .properties(width=130, height=180)
        )
    return _spec(alt.hconcat(*panels) if panels else alt.Chart(alt.Data(values=[])).mark_bar())


def rating_trend_chart(rows: list[dict], gettext: Gettext = _as_is) -> dict:
    """Each rating kind over time: rows {"kind", "period", "value", "answers"}."""
    panels = []
    for kind, title in RATING_TITLES.items():
        data = [r for r in rows if r["kind"] == kind]
        if not data:
            continue
        panels.append(
            alt.Chart(alt.Data(values=data), title=gettext(title))
            .mark_line(point=True)
            .encode(
                x=alt.X("period:T", title=None),
                y=alt.Y("value:Q", title=None),
                tooltip=[
                    _tip("period:T", N_("from"), gettext),
                    _tip("value:Q", N_("Value"), gettext, format=".1f"),
                    _tip("answers:Q", N_("Answers"), gettext),
                ],
            )
            .properties(width=130, height=160)
        )
    return _spec(alt.hconcat(*panels) if panels else alt.Chart(alt.Data(values=[])).mark_line())


def sentiment_split_chart(rows: list[dict], stages: list[str], gettext: Gettext = _as_is) -> dict:
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
                _tip("stage:N", N_("Stage"), gettext),
                _tip("sentiment:N", N_("Sentiment"), gettext),
                _tip("count:Q", N_("Answers"), gettext),
            ],
        )
        .transform_calculate(order="datum.label == 'positive' ? 0 : datum.label == 'neutral' ? 1 : 2")
    )
    return _spec(chart.properties(width=WIDTH, height=max(120, 34 * len(stages))))


def pain_point_pareto_chart(rows: list[dict], gettext: Gettext = _as_is) -> dict:
    """Negative answers per theme, largest first, with the cumulative share: rows {"theme", "count", "cumulative"}."""
    order = [r["theme"] for r in rows]
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("theme:N", sort=order, title=None, axis=alt.Axis(labelAngle=-35, labelLimit=140))
    )
    bars = base.mark_bar(color="#b42318").encode(
        y=alt.Y("count:Q", title=gettext(N_("Negative answers"))),
        tooltip=[
            _tip("theme:N", N_("Theme"), gettext),
            _tip("count:Q", N_("Negative answers"), gettext),
            _tip("cumulative:Q", N_("Cumulative share"), gettext, format=".0%"),
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
    return _spec(alt.layer(bars, line).resolve_scale(y="independent").properties(width=WIDTH, height=240))


def invitation_funnel_chart(rows: list[dict], gettext: Gettext = _as_is) -> dict:
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
                _tip("trigger:N", N_("Trigger"), gettext),
                _tip("step_name:N", N_("Step"), gettext),
                _tip("count:Q", N_("Invitations"), gettext),
                _tip("share:Q", N_("of matched"), gettext, format=".0%"),
            ],
        )
    )
    return _spec(chart.properties(width=WIDTH - 200, height=110))


def channel_comparison_chart(rows: list[dict], gettext: Gettext = _as_is) -> dict:
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
                _tip("channel:N", N_("Channel"), gettext),
                _tip("score:Q", N_("Mean emotion"), gettext, format="+.2f"),
                _tip("responses:Q", N_("Answers"), gettext),
                _tip("negative_share:Q", N_("negative"), gettext, format=".0%"),
            ],
        )
    )
    return _spec(chart.properties(width=WIDTH, height=max(100, 34 * len(rows))))


def emotion_curve_chart(map_json: dict, gettext: Gettext = _as_is, lang: str = "en") -> dict:
    """The map's emotion curve: mean per stage with a ±1.96·stderr band, and the target where one is set;
    stages named for a reader of `lang`."""
    return localized(_spec(_emotion_curve(map_json, gettext, lang)), lang)


def _emotion_curve(map_json: dict, gettext: Gettext, lang: str) -> alt.LayerChart:
    stages = [in_language(s["name"], s.get("name_id"), lang) for s in map_json["stages"]]
    rows = []
    for s, stage in zip(map_json["stages"], stages):
        e = s["emotion"]
        half = 1.96 * e["stderr"] if e.get("stderr") is not None else 0
        rows.append(
            {
                "stage": stage,
                "score": e["score"],
                "responses": e["responses"],
                "low": None if e["score"] is None else max(-1, e["score"] - half),
                "high": None if e["score"] is None else min(1, e["score"] + half),
                "target": s.get("target_emotion"),
            }
        )
    x = alt.X("stage:N", sort=stages, title=None, axis=alt.Axis(labelAngle=0), scale=alt.Scale(domain=stages))
    base = alt.Chart(alt.Data(values=rows)).encode(x=x)
    valid = "isValid(datum.score)"
    band = (
        base.mark_rule(strokeWidth=3, opacity=0.35)
        .encode(y=alt.Y("low:Q", scale=EMOTION_SCALE), y2="high:Q")
        .transform_filter(valid)
    )
    line = (
        base.mark_line(color="#102a43")
        .encode(y=alt.Y("score:Q", scale=EMOTION_SCALE, title=gettext(N_("Emotion"))))
        .transform_filter(valid)
    )
    points = (
        base.mark_circle(size=90, opacity=1)
        .encode(
            y=alt.Y("score:Q", scale=EMOTION_SCALE),
            color=alt.Color(
                "score:Q", scale=alt.Scale(domain=[-1, 0, 1], range=["#b42318", "#8a6d00", "#1a7f37"]), legend=None
            ),
            tooltip=[
                _tip("stage:N", N_("Stage"), gettext),
                _tip("score:Q", N_("Mean emotion"), gettext, format="+.2f"),
                _tip("responses:Q", N_("Answers"), gettext),
            ],
        )
        .transform_filter(valid)
    )
    target = (
        base.mark_point(shape="diamond", color="#1d4ed8", size=80, filled=False)
        .encode(
            y=alt.Y("target:Q", scale=EMOTION_SCALE),
            tooltip=[_tip("stage:N", N_("Stage"), gettext), _tip("target:Q", N_("target"), gettext)],
        )
        .transform_filter("isValid(datum.target)")
    )
    zero = alt.Chart(alt.Data(values=[{"y": 0}])).mark_rule(strokeDash=[4, 4], color="#9aa5b1").encode(y="y:Q")
    return alt.layer(zero, band, line, points, target).properties(width=WIDTH + 200, height=200)


def map_chart(map_json: dict, gettext: Gettext = _as_is, lang: str = "en") -> dict:
    """The map as one picture for export: the emotion curve above the top pain points of each stage."""
    stages = [in_language(s["name"], s.get("name_id"), lang) for s in map_json["stages"]]
    pains = [
        {"stage": stage, "rank": i + 1, "label": f"{p['theme']} ({p['count']})"}
        for s, stage in zip(map_json["stages"], stages)
        for i, p in enumerate(s["pain_points"][:3])
    ]
    grid = (
        alt.Chart(alt.Data(values=pains), title=gettext(N_("Top pain points")))
        .mark_text(align="center", fontSize=12)
        .encode(
            x=alt.X(
                "stage:N",
                sort=stages,
                title=None,
                axis=alt.Axis(orient="top", labelAngle=0),
                scale=alt.Scale(domain=stages),
            ),
            y=alt.Y("rank:O", title=None, axis=None),
            text="label:N",
        )
        .properties(width=WIDTH + 200, height=90)
    )
    curve = _emotion_curve(map_json, gettext, lang)
    return localized(_spec(alt.vconcat(curve, grid, title=map_json["journey"]["name"])), lang)


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


def dashboard_charts(data: dict, gettext: Gettext = _as_is, lang: str = "en") -> list[dict]:
    """The dashboard's charts in page order: {"name", "title", "spec"}; spec is None when there is nothing to draw."""
    return [
        {
            "name": name,
            "title": gettext(title),
            "spec": localized(build(data[key], data["stages"], gettext), lang) if data[key] else None,
        }
        for name, title, key, build in DASHBOARD_CHARTS
    ]


def dashboard_chart(data: dict, name: str, gettext: Gettext = _as_is, lang: str = "en") -> dict | None:
    """One named chart of `dashboard_charts`, or None for an unknown name."""
    return next((chart for chart in dashboard_charts(data, gettext, lang) if chart["name"] == name), None)
