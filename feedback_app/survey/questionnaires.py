"""Questionnaires as data: parse and validate the TOML files of surveys/, then store them.

Every problem is reported as `file:line: reason`, and a directory with any broken file stores nothing,
so a typo never half-replaces a questionnaire that customers are answering.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from feedback_app.models import Question, Questionnaire
from feedback_app.models.survey import QUESTION_KINDS

LANGUAGES = ("id", "en")
STAGES = ("awareness", "consideration", "decision", "service", "loyalty")
RATING_KINDS = {"csat": (1, 5), "ces": (1, 7), "nps": (0, 10)}
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
MAX_FILE_BYTES = 256 * 1024


@dataclass
class SurveyProblem:
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


class SurveyFileError(ValueError):
    """One or more questionnaire files are invalid; `problems` lists each with file and line."""

    def __init__(self, problems: list[SurveyProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class QuestionSpec:
    key: str
    kind: str
    prompt: dict
    required: bool = True
    labels: dict = field(default_factory=dict)


@dataclass
class QuestionnaireSpec:
    key: str
    stage: str
    title: dict
    intro: dict
    questions: list[QuestionSpec]
    source_file: str
    checksum: str


def parse_questionnaire(path: Path) -> QuestionnaireSpec:
    """Read one file; raise SurveyFileError naming the file, the line and what is wrong."""
    name = str(path)
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise SurveyFileError([SurveyProblem(name, 1, f"file is larger than {MAX_FILE_BYTES // 1024} kB")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SurveyFileError([SurveyProblem(name, line, "not UTF-8 text")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise SurveyFileError(
            [SurveyProblem(name, int(match.group(1)) if match else 1, f"TOML syntax: {exc}")]
        ) from None
    locate = _LineLocator(text)
    problems: list[SurveyProblem] = []
    spec = _validate(data, name, locate, problems, hashlib.sha256(raw).hexdigest())
    if problems:
        raise SurveyFileError(problems)
    return spec


def _validate(data: dict, name: str, locate: _LineLocator, problems: list, checksum: str):
    def problem(reason: str, key: str | None = None, question: int | None = None) -> None:
        problems.append(SurveyProblem(name, locate.line(key, question), reason))

    key = data.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        problem("'key' must be lower-case letters, digits, '-' or '_' (e.g. key = \"service-delivery\")", "key")
    stage = data.get("stage")
    if stage not in STAGES:
        problem(f"'stage' must be one of {', '.join(STAGES)}", "stage")
    title = _bilingual(data.get("title"), "title", problem)
    intro = _bilingual(data.get("intro", {"id": "", "en": ""}), "intro", problem, required=False)
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        problem("no questions: add at least one [[questions]] table", "questions")
        raw_questions = []
    questions = [_question(q, i, problem) for i, q in enumerate(raw_questions)]
    questions = [q for q in questions if q is not None]
    keys = [q.key for q in questions]
    for i, qkey in enumerate(keys):
        if qkey in keys[:i]:
            problem(f"question key '{qkey}' is used twice", "key", i)
    kinds = [q.kind for q in questions]
    if questions and kinds.count("text") > 1:
        problem("at most one free-text question per questionnaire (the one the scorer reads)", "questions")
    if questions and kinds.count("face") > 1:
        problem("at most one face-scale question per questionnaire", "questions")
    unknown = set(data) - {"key", "stage", "title", "intro", "questions"}
    for extra in sorted(unknown):
        problem(f"unknown field '{extra}'", extra)
    return QuestionnaireSpec(
        key=key or "",
        stage=stage or "",
        title=title,
        intro=intro,
        questions=questions,
        source_file=name,
        checksum=checksum,
    )


def _bilingual(value, what: str, problem, required: bool = True, question: int | None = None) -> dict:
    if not isinstance(value, dict):
        problem(f"'{what}' must be a table with 'id' and 'en' texts", what, question)
        return {}
    for lang in LANGUAGES:
        text = value.get(lang)
        if not isinstance(text, str) or (required and not text.strip()):
            problem(f"'{what}' is missing its '{lang}' text", what, question)
    return {lang: str(value.get(lang, "")) for lang in LANGUAGES}


def _question(raw, index: int, problem) -> QuestionSpec | None:
    if not isinstance(raw, dict):
        problem("each question must be a [[questions]] table", "questions", index)
        return None
    key = raw.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        problem("question 'key' must be lower-case letters, digits, '-' or '_'", "key", index)
        key = f"q{index + 1}"
    kind = raw.get("kind")
    if kind not in QUESTION_KINDS:
        problem(f"question '{key}': 'kind' must be one of {', '.join(QUESTION_KINDS)}", "kind", index)
    prompt = _bilingual(raw.get("prompt"), "prompt", problem, question=index)
    required = raw.get("required", kind != "text")
    if not isinstance(required, bool):
        problem(f"question '{key}': 'required' must be true or false", "required", index)
        required = True
    labels = raw.get("labels", {})
    if not isinstance(labels, dict):
        problem(f"question '{key}': 'labels' must be a table", "labels", index)
        labels = {}
    for extra in sorted(set(raw) - {"key", "kind", "prompt", "required", "labels"}):
        problem(f"question '{key}': unknown field '{extra}'", extra, index)
    return QuestionSpec(key=key, kind=kind or "", prompt=prompt, required=required, labels=labels)


class _LineLocator:
    """Finds the line where a field is written, so a reason can point at it."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.question_starts = [i for i, line in enumerate(self.lines) if line.strip() == "[[questions]]"]

    def line(self, key: str | None, question: int | None = None) -> int:
        start, end = 0, len(self.lines)
        if question is not None and question < len(self.question_starts):
            start = self.question_starts[question]
            later = [s for s in self.question_starts if s > start]
            end = later[0] if later else end
        elif self.question_starts and key not in ("questions",):
            end = self.question_starts[0]
        if key:
            pattern = re.compile(
                rf"^\s*(\[+\s*(questions\.)?{re.escape(key)}\b|{re.escape(key)}\s*=|{re.escape(key)}\.)"
            )
            for i in range(start, end):
                if pattern.match(self.lines[i]):
                    return i + 1
        return start + 1


def read_directory(directory: Path) -> list[QuestionnaireSpec]:
    """Parse every *.toml file; collect all problems before failing, so one run shows them all."""
    files = sorted(directory.glob("*.toml"))
    if not directory.is_dir():
        raise SurveyFileError([SurveyProblem(str(directory), 0, "no such directory")])
    specs, problems = [], []
    for path in files:
        try:
            specs.append(parse_questionnaire(path))
        except SurveyFileError as exc:
            problems.extend(exc.problems)
    seen: dict[str, str] = {}
    for spec in specs:
        if spec.key in seen:
            problems.append(SurveyProblem(spec.source_file, 1, f"key '{spec.key}' is already used by {seen[spec.key]}"))
        seen[spec.key] = spec.source_file
    if problems:
        raise SurveyFileError(problems)
    if not specs:
        raise SurveyFileError([SurveyProblem(str(directory), 0, "no questionnaire files (*.toml) found")])
    return specs


def store_questionnaires(session: Session, specs: list[QuestionnaireSpec]) -> dict[str, str]:
    """Insert new questionnaires and update changed ones; returns key -> created/updated/unchanged."""
    outcome = {}
    for spec in specs:
        row = session.exec(select(Questionnaire).where(Questionnaire.key == spec.key)).first()
        if row is not None and row.checksum == spec.checksum:
            outcome[spec.key] = "unchanged"
            continue
        outcome[spec.key] = "updated" if row else "created"
        row = row or Questionnaire(key=spec.key, stage=spec.stage)
        row.stage, row.title, row.intro = spec.stage, spec.title, spec.intro
        row.source_file, row.checksum = Path(spec.source_file).name, spec.checksum
        session.add(row)
        session.flush()
        for old in session.exec(select(Question).where(Question.questionnaire_id == row.id)):
            session.delete(old)
        session.flush()
        for position, q in enumerate(spec.questions):
            session.add(
                Question(
                    questionnaire_id=row.id,
                    key=q.key,
                    kind=q.kind,
                    position=position,
                    required=q.required,
                    prompt=q.prompt,
                    labels=q.labels,
                )
            )
    return outcome


def load_questionnaires(session: Session, directory: Path) -> dict[str, str]:
    return store_questionnaires(session, read_directory(Path(directory)))
