"""The OpenAPI document: every API route is in it, and schemathesis finds no 5xx against a live server."""

import os
import subprocess
import sys
from pathlib import Path

from feedback_app.web.openapi import openapi_document


def api_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") or rule.rule == "/healthz":
            path = rule.rule.replace("<", "{").replace(">", "}")
            routes |= {(path, method.lower()) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return routes


def test_every_api_route_is_documented_and_nothing_else(app):
    documented = {(path, method) for path, item in openapi_document()["paths"].items() for method in item}
    assert api_routes(app) == documented


def test_the_document_is_served(seeded_app):
    answer = seeded_app.test_client().get("/api/v1/openapi.json")
    assert answer.status_code == 200 and answer.json["openapi"].startswith("3.1")
    assert answer.json["servers"] == [{"url": "http://localhost"}]


def test_schemathesis_finds_no_server_error(live_server, api_key, tmp_path):
    schemathesis = Path(sys.executable).with_name("schemathesis")
    command = [
        str(schemathesis),
        "run",
        f"{live_server.url}/api/v1/openapi.json",
        "--checks",
        "not_a_server_error",
        "--header",
        f"Authorization: Bearer {api_key}",
        "--max-examples",
        "25",
        "--max-time",
        "30",
        "--phases",
        "examples,coverage,fuzzing",
        "--seed",
        "1",
        "--workers",
        "1",
        "--warnings=off",
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=120, cwd=tmp_path, env={**os.environ, "SCHEMATHESIS_HOOKS": ""}
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
