"""The body of `feedback-app score`: JSON lines in, one JSON line out per line, in order."""

from __future__ import annotations

import json
from typing import TextIO

from feedback_app.scoring.analysis import score
from feedback_app.scoring.explanation import explain as explain_text

MAX_LINE = 200_000


def score_line(line: str, explain: bool = False) -> dict:
    """One input line -> its score, or {'error': ...} saying what was wrong with it."""
    if len(line) > MAX_LINE:
        return {"error": f"line longer than {MAX_LINE} characters"}
    try:
        item = json.loads(line)
    except ValueError as exc:
        return {"error": f"not JSON: {exc}"}
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return {"error": 'expected an object like {"text": "...", "lang": "id"}'}
    lang = item.get("lang")
    if lang is not None and not isinstance(lang, str):
        return {"error": '"lang" must be a string such as "id" or "en"'}
    face = item.get("face")
    try:
        return (explain_text if explain else score)(item["text"], lang, face)
    except ValueError as exc:
        return {"error": str(exc)}


def score_lines(stdin: TextIO, stdout: TextIO, explain: bool = False) -> int:
    """Score every line; bad lines get an error line and exit status 1, the rest still scored."""
    status = 0
    for line in stdin:
        if not line.strip():
            continue
        result = score_line(line, explain)
        status |= "error" in result
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        stdout.flush()
    return int(status)
