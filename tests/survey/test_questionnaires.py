"""The questionnaire loader: valid files load; every kind of broken file is reported with file and line."""

from pathlib import Path

import pytest
from sqlmodel import select

from feedback_app.config import PROJECT_ROOT
from feedback_app.models import Question, Questionnaire
from feedback_app.storage.database import session_scope
from feedback_app.survey.questionnaires import SurveyFileError, load_questionnaires, parse_questionnaire, read_directory

SURVEYS = PROJECT_ROOT / "surveys"

VALID = """key = "service-delivery"
stage = "service"

[title]
id = "Pengiriman"
en = "Delivery"

[[questions]]
key = "feeling"
kind = "face"

[questions.prompt]
id = "Bagaimana perasaan Anda?"
en = "How do you feel?"

[[questions]]
key = "comment"
kind = "text"

[questions.prompt]
id = "Ada saran?"
en = "Any suggestion?"
"""


def write(tmp_path: Path, text: str, name: str = "survey.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problem_of(path: Path):
    with pytest.raises(SurveyFileError) as caught:
        parse_questionnaire(path)
    return caught.value.problems


def test_every_shipped_questionnaire_is_valid_and_covers_the_five_stages():
    specs = read_directory(SURVEYS)
    assert {s.stage for s in specs} == {"awareness", "consideration", "decision", "service", "loyalty"}
    for spec in specs:
        assert [q.kind for q in spec.questions][0] == "face"
        assert any(q.kind in ("csat", "ces", "nps") for q in spec.questions)
        assert any(q.kind == "text" for q in spec.questions)
        assert spec.title["id"] and spec.title["en"]


def test_valid_file_parses(tmp_path):
    spec = parse_questionnaire(write(tmp_path, VALID))
    assert spec.key == "service-delivery"
    assert [q.key for q in spec.questions] == ["feeling", "comment"]
    assert spec.questions[0].required is True and spec.questions[1].required is False  # text is optional by default


def test_toml_syntax_error_names_the_line(tmp_path):
    path = write(tmp_path, VALID.replace('kind = "face"', 'kind = "face'))
    [problem] = problem_of(path)
    assert problem.line == 10 and "TOML syntax" in problem.reason and problem.file == str(path)


def test_unknown_question_kind_points_at_its_line(tmp_path):
    [problem] = problem_of(write(tmp_path, VALID.replace('kind = "text"', 'kind = "essay"')))
    assert problem.line == 18
    assert "'kind' must be one of" in problem.reason and "comment" in problem.reason


def test_missing_english_prompt_is_reported(tmp_path):
    [problem] = problem_of(write(tmp_path, VALID.replace('en = "Any suggestion?"', "")))
    assert "'prompt' is missing its 'en' text" in problem.reason
    assert problem.line == 20  # the [questions.prompt] table of the second question


def test_bad_stage_and_key_are_both_reported(tmp_path):
    text = VALID.replace('stage = "service"', 'stage = "after-sales"').replace(
        'key = "service-delivery"', 'key = "Bad Key!"'
    )
    problems = problem_of(write(tmp_path, text))
    reasons = {p.line: p.reason for p in problems}
    assert "lower-case" in reasons[1] and "'stage' must be one of" in reasons[2]


def test_duplicate_question_key(tmp_path):
    problems = problem_of(write(tmp_path, VALID.replace('key = "comment"', 'key = "feeling"')))
    assert any("used twice" in p.reason and p.line == 17 for p in problems)


def test_unknown_field_is_a_typo_not_silence(tmp_path):
    [problem] = problem_of(write(tmp_path, VALID.replace('stage = "service"', 'stage = "service"\nstages = "x"')))
    assert problem.reason == "unknown field 'stages'" and problem.line == 3


def test_no_questions(tmp_path):
    [problem] = problem_of(write(tmp_path, VALID.split("[[questions]]")[0]))
    assert "no questions" in problem.reason


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(VALID.replace("Pengiriman", "Livraison é").encode("latin-1"))
    [problem] = problem_of(path)
    assert problem.reason == "not UTF-8 text" and problem.line == 5


def test_huge_file_is_refused(tmp_path):
    [problem] = problem_of(write(tmp_path, VALID + "#" * 300_000))
    assert "larger than" in problem.reason


def test_required_must_be_boolean(tmp_path):
    [problem] = problem_of(write(tmp_path, VALID.replace('kind = "text"', 'kind = "text"\nrequired = "yes"')))
    assert "'required' must be true or false" in problem.reason and problem.line == 19


def test_two_files_with_one_key_are_refused(tmp_path):
    write(tmp_path, VALID, "a.toml")
    write(tmp_path, VALID, "b.toml")
    with pytest.raises(SurveyFileError) as caught:
        read_directory(tmp_path)
    assert "already used by" in str(caught.value)


def test_empty_directory(tmp_path):
    with pytest.raises(SurveyFileError, match="no questionnaire files"):
        read_directory(tmp_path)


def test_a_broken_file_stores_nothing_and_keeps_what_was_loaded(engine, tmp_path):
    write(tmp_path, VALID, "a.toml")
    with session_scope(engine) as session:
        assert load_questionnaires(session, tmp_path) == {"service-delivery": "created"}
    write(tmp_path, VALID.replace("Delivery", "Changed title"), "a.toml")
    write(tmp_path, VALID.replace("service-delivery", "other").replace('kind = "face"', "kind ="), "b.toml")
    with pytest.raises(SurveyFileError), session_scope(engine) as session:
        load_questionnaires(session, tmp_path)
    with session_scope(engine) as session:
        [row] = session.exec(select(Questionnaire)).all()
        assert row.title["en"] == "Delivery"
        assert len(session.exec(select(Question)).all()) == 2


def test_reloading_updates_changed_questionnaires_only(engine, tmp_path):
    write(tmp_path, VALID, "a.toml")
    with session_scope(engine) as session:
        load_questionnaires(session, tmp_path)
    with session_scope(engine) as session:
        assert load_questionnaires(session, tmp_path) == {"service-delivery": "unchanged"}
    write(tmp_path, VALID.replace("Any suggestion?", "Anything to improve?"), "a.toml")
    with session_scope(engine) as session:
        assert load_questionnaires(session, tmp_path) == {"service-delivery": "updated"}
    with session_scope(engine) as session:
        prompts = [q.prompt["en"] for q in session.exec(select(Question).order_by(Question.position))]
    assert prompts == ["How do you feel?", "Anything to improve?"]
