"""The journey map as pictures: its emotion curve (the map page and the print) and the whole map for export,
both drawn from the map's JSON (maps.live_map.build_map) so they show what the page shows."""

from __future__ import annotations

import textwrap

import altair as alt

from feedback_app.common.texts import N_, in_language
from feedback_app.reporting.chart_style import EMOTION_SCALE, WIDTH, Gettext, localized, tip, to_spec, untranslated

SCORED = "isValid(datum.score)"


def emotion_curve_chart(map_json: dict, gettext: Gettext = untranslated, lang: str = "en") -> dict:
    """The map's emotion curve: mean per stage with a ±1.96·stderr band, and the target where one is set;
    stages named for a reader of `lang`."""
    return localized(to_spec(_emotion_curve(map_json, gettext, lang)), lang)


TONES = (  # the map page's tones (maps/emotion_tone.py), their colours and legend words
    ("pos", "#1a7f37", N_("positive")),
    ("neu", "#c9a227", N_("neutral")),
    ("mix", "#6f42c1", N_("mixed")),
    ("neg", "#b42318", N_("negative")),
    ("few", "#9aa5b1", N_("too few answers")),
)
MARKS_NOTE = N_("Line: mean emotion per stage (−1..1) · bar: its 95 percent range · ◇: target")


def map_chart(map_json: dict, gettext: Gettext = untranslated, lang: str = "en") -> dict:
    """The map as one picture for export: the emotion curve (with a legend of its colours and marks) above the
    top pain points of each stage, each label kept inside its stage's column so neighbours never overlap."""
    stages = _stage_names(map_json, lang)
    column = (WIDTH + 200) / max(len(stages), 1)
    pains = [
        {"stage": stage, "rank": i + 1, "label": [*_wrapped(p["theme"], column), f"({p['count']})"]}
        for s, stage in zip(map_json["stages"], stages)
        for i, p in enumerate(s["pain_points"][:3])
    ]
    grid = (
        alt.Chart(alt.Data(values=pains), title=gettext(N_("Top pain points")))
        .mark_text(align="center", baseline="middle", fontSize=11, limit=max(40, column - 10), lineHeight=13)
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
        .properties(width=WIDTH + 200, height=150)
    )
    curve = _emotion_curve(map_json, gettext, lang)
    title = alt.TitleParams(map_json["journey"]["name"], subtitle=[gettext(MARKS_NOTE)])
    return localized(to_spec(alt.vconcat(curve, grid, title=title)), lang)


def _wrapped(text: str, column: float, lines: int = 2) -> list[str]:
    """A label on at most `lines` lines that fit a column `column` px wide (about 6.5 px a character at 11 px)."""
    width = max(6, int((column - 10) / 6.5))
    wrapped = textwrap.wrap(text, width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[: lines - 1] + [textwrap.shorten(" ".join(wrapped[lines - 1 :]), width, placeholder="…")]
    return wrapped


def _stage_names(map_json: dict, lang: str) -> list[str]:
    return [in_language(s["name"], s.get("name_id"), lang) for s in map_json["stages"]]


def _emotion_curve(map_json: dict, gettext: Gettext, lang: str) -> alt.LayerChart:
    """The curve's layers over the stages: the zero line, the band, the line, the scored points, the targets."""
    stages = _stage_names(map_json, lang)
    x = alt.X("stage:N", sort=stages, title=None, axis=alt.Axis(labelAngle=0), scale=alt.Scale(domain=stages))
    base = alt.Chart(alt.Data(values=_curve_rows(map_json, stages))).encode(x=x)
    zero = alt.Chart(alt.Data(values=[{"y": 0}])).mark_rule(strokeDash=[4, 4], color="#9aa5b1").encode(y="y:Q")
    return alt.layer(zero, *_band_and_line(base, gettext), *_points_and_targets(base, gettext)).properties(
        width=WIDTH + 200, height=200
    )


def _curve_rows(map_json: dict, stages: list[str]) -> list[dict]:
    """Per stage: the mean, its ±1.96·stderr band clipped to -1..1, the answers and the target."""
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
                "tone": e.get("tone") or "few",
            }
        )
    return rows


def _band_and_line(base: alt.Chart, gettext: Gettext) -> tuple[alt.Chart, alt.Chart]:
    band = (
        base.mark_rule(strokeWidth=3, opacity=0.35)
        .encode(y=alt.Y("low:Q", scale=EMOTION_SCALE), y2="high:Q")
        .transform_filter(SCORED)
    )
    line = (
        base.mark_line(color="#102a43")
        .encode(y=alt.Y("score:Q", scale=EMOTION_SCALE, title=gettext(N_("Emotion"))))
        .transform_filter(SCORED)
    )
    return band, line


def _legend_words(gettext: Gettext) -> str:
    """A Vega expression naming each tone in the reader's language (the data keeps the language-free keys)."""
    words = {key: gettext(word) for key, _colour, word in TONES}
    cases = " : ".join(f"datum.value === {key!r} ? {word!r}" for key, word in words.items())
    return f"{cases} : datum.value"


def _points_and_targets(base: alt.Chart, gettext: Gettext) -> tuple[alt.Chart, alt.Chart]:
    points = (
        base.mark_circle(size=90, opacity=1)
        .encode(
            y=alt.Y("score:Q", scale=EMOTION_SCALE),
            color=alt.Color(
                "tone:N",
                scale=alt.Scale(domain=[t[0] for t in TONES], range=[t[1] for t in TONES]),
                legend=alt.Legend(
                    title=gettext(N_("Emotion")),
                    orient="right",
                    labelExpr=_legend_words(gettext),
                ),
            ),
            tooltip=[
                tip("stage:N", N_("Stage"), gettext),
                tip("score:Q", N_("Mean emotion"), gettext, format="+.2f"),
                tip("responses:Q", N_("Answers"), gettext),
            ],
        )
        .transform_filter(SCORED)
    )
    target = (
        base.mark_point(shape="diamond", color="#1d4ed8", size=80, filled=False)
        .encode(
            y=alt.Y("target:Q", scale=EMOTION_SCALE),
            tooltip=[tip("stage:N", N_("Stage"), gettext), tip("target:Q", N_("target"), gettext)],
        )
        .transform_filter("isValid(datum.target)")
    )
    return points, target
