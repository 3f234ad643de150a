"""Chart builders: plain rows in, a Vega-Lite spec with the right data and encodings out."""

import vl_convert

from feedback_app.reporting import charts

STAGES = ["Awareness", "Service"]
MAP = {
    "journey": {"name": "Katering"},
    "stages": [
        {"name": "Awareness", "emotion": {"score": None, "stderr": None, "responses": 0}, "pain_points": []},
        {
            "name": "Service",
            "emotion": {"score": -0.42, "stderr": 0.1, "responses": 17},
            "target_emotion": 0.3,
            "pain_points": [{"theme": "Late delivery", "count": 6}],
        },
    ],
}


def collect(node, pick) -> list:
    """Everything `pick(dict)` returns (not None) anywhere in a spec, depth first."""
    found = []
    if isinstance(node, dict):
        if pick(node) is not None:
            found.append(pick(node))
        node = list(node.values())
    if isinstance(node, list):
        for value in node:
            found += collect(value, pick)
    return found


def values(spec: dict) -> list:
    """Every inline data row anywhere in the spec."""
    data = collect(
        spec, lambda n: n["data"]["values"] if isinstance(n.get("data"), dict) and "values" in n["data"] else None
    )
    return [row for rows in data for row in rows]


def encodings(spec: dict) -> list[dict]:
    return collect(spec, lambda n: n.get("encoding"))


def test_emotion_over_time_plots_score_by_period_per_stage():
    rows = [{"stage": "Service", "period": "2026-03-02", "score": -0.4, "responses": 5}]
    spec = charts.emotion_over_time_chart(rows, STAGES)
    assert values(spec) == rows
    enc = encodings(spec)[0]
    assert enc["x"]["field"] == "period" and enc["x"]["type"] == "temporal"
    assert enc["y"]["field"] == "score" and enc["y"]["scale"]["domain"] == [-1, 1]
    assert enc["color"]["field"] == "stage" and enc["color"]["sort"] == STAGES


def test_pareto_has_bars_and_a_cumulative_line_on_their_own_axes():
    rows = [
        {"theme": "Late delivery", "count": 6, "cumulative": 0.6},
        {"theme": "Cold food", "count": 4, "cumulative": 1.0},
    ]
    spec = charts.pain_point_pareto_chart(rows)
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["bar", "line"] and spec["resolve"]["scale"]["y"] == "independent"
    assert spec["layer"][0]["encoding"]["x"]["sort"] == ["Late delivery", "Cold food"]


def test_ratings_get_one_panel_per_kind_present():
    rows = [
        {"stage": "Service", "kind": "csat", "value": 50.0, "answers": 2},
        {"stage": "Loyalty", "kind": "nps", "value": -20.0, "answers": 5},
    ]
    spec = charts.ratings_by_stage_chart(rows, STAGES)
    titles = [panel["title"] for panel in spec["hconcat"]]
    assert titles == [charts.RATING_TITLES["nps"], charts.RATING_TITLES["csat"]]


def test_funnel_orders_the_steps():
    rows = [{"trigger": "T", "step": s, "count": 5 - i, "share": 1} for i, s in enumerate(charts.FUNNEL_STEPS)]
    enc = encodings(charts.invitation_funnel_chart(rows))[0]
    assert enc["y"]["sort"] == charts.FUNNEL_STEPS and enc["row"]["field"] == "trigger"


def test_emotion_curve_keeps_every_stage_on_the_axis_and_draws_targets():
    spec = charts.emotion_curve_chart(MAP)
    rows = values(spec)
    service = next(r for r in rows if r.get("stage") == "Service")
    assert service["score"] == -0.42 and service["target"] == 0.3 and round(service["low"], 3) == -0.616
    assert all(e["x"]["scale"]["domain"] == STAGES for e in encodings(spec) if "x" in e)
    assert vl_convert.vegalite_to_svg(spec).lstrip().startswith("<svg")


def test_every_dashboard_chart_renders_or_says_it_is_empty():
    data = {
        "stages": STAGES,
        "emotion_over_time": [],
        "ratings_by_stage": [],
        "rating_trend": [],
        "sentiment_split": [{"stage": "Service", "label": "negative", "count": 3}],
        "pain_points": [],
        "funnel": [],
        "channel_comparison": [],
    }
    result = {c["name"]: c["spec"] for c in charts.dashboard_charts(data)}
    assert result["sentiment-split"] is not None and result["emotion-over-time"] is None
    assert charts.dashboard_chart(data, "nope") is None
