"""`feedback-app learn`: the text model adapts to a deployment's own answers, adopted only when it reads them better."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import answer, schedule_invitations
from sqlmodel import Session

from feedback_app.common.clock import utcnow
from feedback_app.insight import learning
from feedback_app.insight.rescoring import count_pending
from feedback_app.scoring import SCORER_VERSION, adaptation, resources, score
from feedback_app.storage.database import session_scope

NOUNS = (
    "nasinya kurirnya paketnya sambalnya ayamnya menunya aplikasinya porsinya minumannya kemasannya "
    "pesanannya rasanya harganya pelayanannya tempatnya sayurnya dagingnya lauknya supnya kuenya"
).split() + ["the rice", "the courier", "the package", "the sauce", "the chicken", "the menu", "the app", "the box"]


@pytest.fixture(autouse=True)
def package_models_afterwards():
    yield
    resources.set_adaptation(None)  # no adaptation leaks into other tests of this process


@pytest.fixture
def few_needed(monkeypatch):
    """A deployment's worth of answers is hundreds; these tests store tens (the rule is the same)."""
    monkeypatch.setattr(adaptation, "MIN_ANSWERS", 40)
    monkeypatch.setattr(adaptation, "MIN_PER_SIDE", 15)


def store(engine, answers: list[tuple[int, str, int]]) -> None:
    now = utcnow()
    ids = schedule_invitations(engine, len(answers), now, prefix=f"l{len(answers)}")
    for invitation_id, (face, text, rating) in zip(ids, answers):
        answer(engine, invitation_id, face, text, now, rating=rating)


def jargon_answers() -> list[tuple[int, str, int]]:
    """This deployment's customers say 'ambyar' (ruined) and 'zuper' (great): words the package's model reads
    as neutral."""
    return [(1, f"{n} ambyar", 1) for n in NOUNS] + [(5, f"{n} zuper", 5) for n in NOUNS]


def test_only_answers_whose_face_and_rating_clearly_agree_are_labels():
    assert learning.clear_label(1, "csat", 2) == "negative"
    assert learning.clear_label(5, "nps", 10) == "positive"
    assert learning.clear_label(2, "csat", 4) is None  # face and rating disagree
    assert learning.clear_label(3, "csat", 5) is None and learning.clear_label(4, "nps", 7) is None
    assert learning.clear_label(5, None, None) is None


def test_too_few_answers_says_how_many_there_are_and_how_many_are_needed(seeded, tmp_path):
    store(seeded, [(1, "kurirnya telat", 1), (5, "enak sekali", 5), (2, "dingin", 2)])
    with Session(seeded) as session, pytest.raises(adaptation.NotEnoughAnswers, match=r"at least 200"):
        learning.learn(session, tmp_path)
    assert not (tmp_path / learning.FILE).exists()


def test_an_adaptation_that_reads_the_deployment_better_is_adopted_and_rescore_follows(seeded, tmp_path, few_needed):
    store(seeded, jargon_answers())
    assert score("menunya ambyar")["label"] != "negative"
    base = SCORER_VERSION
    with session_scope(seeded) as session:
        outcome = learning.learn(session, tmp_path)
    assert outcome.adopted and outcome.adapted_f1 >= outcome.current_f1 + adaptation.MIN_GAIN
    assert score("menunya ambyar")["label"] == "negative" and score("kemasannya zuper")["label"] == "positive"
    from feedback_app.scoring import SCORER_VERSION as adapted

    assert adapted.startswith(base + "+a") and score("ok")["scorer"] == adapted
    with session_scope(seeded) as session:
        assert count_pending(session) == len(jargon_answers())  # `rescore` re-reads every stored answer
    stored = json.loads((tmp_path / learning.FILE).read_text())
    assert stored["kind"] == adaptation.KIND and stored["digest"] in adapted


def test_another_process_scores_with_the_adopted_model_from_the_instance_folder(seeded, tmp_path, few_needed):
    store(seeded, jargon_answers())
    with session_scope(seeded) as session:
        learning.learn(session, tmp_path)
    resources.set_adaptation(None)
    assert score("menunya ambyar")["label"] != "negative"
    learning.use_learned_model(tmp_path)
    assert score("menunya ambyar")["label"] == "negative"
    learning.use_learned_model(tmp_path / "elsewhere")  # an instance folder without one: the package's models
    assert score("menunya ambyar")["label"] != "negative"


def test_a_running_process_follows_a_model_adopted_elsewhere_within_seconds(seeded, tmp_path, few_needed):
    """Web workers and the scheduler run for weeks: `learn` in another process reaches them without a restart."""
    store(seeded, jargon_answers())
    learner_folder = tmp_path / "learner"
    with session_scope(seeded) as session:
        learning.learn(session, learner_folder)
    running = tmp_path / "running"
    learning.use_learned_model(running)  # the running process started before anything was learned
    assert score("menunya ambyar")["label"] != "negative"
    now = [1000.0]
    assert not learning.follow_learned_model(running, clock=lambda: now[0])  # nothing new yet
    (running / learning.FILE).parent.mkdir(parents=True)
    (running / learning.FILE).write_bytes((learner_folder / learning.FILE).read_bytes())  # `learn` adopts
    now[0] += 1
    assert not learning.follow_learned_model(running, clock=lambda: now[0])  # one stat per CHECK_EVERY at most
    now[0] += learning.CHECK_EVERY
    assert learning.follow_learned_model(running, clock=lambda: now[0])
    assert score("menunya ambyar")["label"] == "negative" and adapted(score("ok")["scorer"])
    now[0] += learning.CHECK_EVERY
    assert not learning.follow_learned_model(running, clock=lambda: now[0])  # unchanged: not read again
    (running / learning.FILE).unlink()  # the adaptation removed: back to the package's models
    now[0] += learning.CHECK_EVERY
    assert learning.follow_learned_model(running, clock=lambda: now[0])
    assert score("menunya ambyar")["label"] != "negative"


def adapted(version: str) -> bool:
    """'2026.12-r9+aedf0457+a1b2c3d4': a third part is the adaptation (the data digest may itself start with 'a')."""
    return version.count("+") == 2 and version.rsplit("+", 1)[1].startswith("a")


def test_an_adaptation_that_does_not_read_better_is_not_adopted(seeded, tmp_path, few_needed):
    clear = [(1, f"{n} telat banget, kecewa", 1) for n in NOUNS[:25]] + [
        (5, f"{n} enak, mantap", 5) for n in NOUNS[:25]
    ]
    store(seeded, clear)
    with session_scope(seeded) as session:
        outcome = learning.learn(session, tmp_path)
    assert outcome.adopted is None and outcome.current_f1 == 1.0
    assert not (tmp_path / learning.FILE).exists() and not adapted(SCORER_VERSION)


def test_a_damaged_adaptation_file_is_not_used(tmp_path):
    (tmp_path / learning.FILE).parent.mkdir(parents=True)
    (tmp_path / learning.FILE).write_text('{"kind": "something else"}')
    learning.use_learned_model(tmp_path)
    assert resources.adaptation() is None


def test_the_learn_command_says_what_it_needs_then_what_it_did(seeded_app, app_engine, monkeypatch):
    from feedback_app.cli import main

    runner = seeded_app.test_cli_runner()
    store(app_engine, [(1, "kurirnya telat", 1), (5, "enak sekali", 5)])
    too_few = runner.invoke(main, ["learn"])
    assert too_few.exit_code == 1 and "Not enough answers to learn from: 2 answers" in too_few.output
    monkeypatch.setattr(adaptation, "MIN_ANSWERS", 40)
    monkeypatch.setattr(adaptation, "MIN_PER_SIDE", 15)
    store(app_engine, jargon_answers())
    adopted = runner.invoke(main, ["learn"])
    assert adopted.exit_code == 0 and "Adopted " in adopted.output and "feedback-app rescore" in adopted.output
    assert (Path(seeded_app.instance_path) / learning.FILE).is_file()
