"""The exported map picture: a legend for its colours and marks, and pain-point labels that stay in their column."""

import re

import vl_convert

from feedback_app.reporting.map_charts import map_chart

NAMES = ["Awareness", "Consideration", "Decision", "Service", "Loyalty", "Referral", "Renewal", "Win-back"]


def stage(name: str, score, responses: int, tone) -> dict:
    pains = [{"theme": f"A rather long complaint about {name} number {i}", "count": 9 - i} for i in range(3)]
    return {
        "name": name,
        "emotion": {"score": score, "stderr": 0.1 if score is not None else None, "responses": responses, "tone": tone},
        "pain_points": pains if score is not None else [],
    }


MAP = {
    "journey": {"name": "Katering"},
    "stages": [stage(n, -0.4 + 0.1 * i, 3 if i == 1 else 12, "few" if i == 1 else None) for i, n in enumerate(NAMES)],
}


def test_the_export_has_a_legend_of_tones_and_a_note_on_its_marks():
    MAP["stages"][0]["emotion"]["tone"] = "neg"
    svg = vl_convert.vegalite_to_svg(map_chart(MAP))
    for word in ("positive", "neutral", "mixed", "negative", "too few answers", "Line: mean emotion per stage"):
        assert word in svg, word


def test_pain_point_labels_never_run_into_the_next_column():
    spec = map_chart(MAP)
    svg = vl_convert.vegalite_to_svg(spec)
    column = (440 + 200) / len(NAMES)
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert ["A rather", "long…", "(9)"] == lines[:3], lines[:6]  # wrapped to fit the column, the rest cut
    assert all(len(line) * 6.5 <= column for line in lines), [line for line in lines if len(line) * 6.5 > column]
    limit = next(m["limit"] for m in _marks(spec) if m.get("type") == "text")
    assert limit <= column - 10  # and cut with an ellipsis if a word alone is wider


def _marks(spec):
    found = []
    if isinstance(spec, dict):
        if isinstance(spec.get("mark"), dict):
            found.append(spec["mark"])
        for value in spec.values():
            found += _marks(value)
    elif isinstance(spec, list):
        for value in spec:
            found += _marks(value)
    return found
