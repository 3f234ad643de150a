"""The quick start's demo history: three months of events, invitations and answers in both languages, loaded
through the product's own paths, so the map, trends, reviews and candidate themes are alive on the first login."""

import json
import os
import subprocess
import sys

from sqlmodel import func, select

from feedback_app.common.clock import utcnow
from feedback_app.config import PROJECT_ROOT
from feedback_app.demo_history import seed_history
from feedback_app.invitations.events import ingest_events, parse_event
from feedback_app.invitations.rule_settings import RuleSettings
from feedback_app.maps.candidate_themes import candidate_themes
from feedback_app.maps.live_map import build_map
from feedback_app.maps.review import list_snapshots
from feedback_app.models import Invitation, InvitationStatus, Response, Trigger, get_journey
from feedback_app.storage.database import session_scope


def test_the_history_fills_every_stage_in_both_languages_once(seeded):
    now = utcnow()
    loaded = seed_history(seeded, now, RuleSettings())
    assert loaded.events > 300 and loaded.answers > 150 and not loaded.already_loaded
    assert seed_history(seeded, now, RuleSettings()).already_loaded  # safe to run twice: nothing added
    with session_scope(seeded) as session:
        assert session.exec(select(func.count()).select_from(Response)).one() == loaded.answers
        locales = dict(session.exec(select(Response.locale, func.count()).group_by(Response.locale)).all())
        oldest = session.exec(select(func.min(Response.submitted_at))).one()
        faces = set(session.exec(select(Response.face)).all())
        statuses = set(session.exec(select(Invitation.status)).all())
        journey_map = build_map(session, "katering-sehat")
        candidates = candidate_themes(session, get_journey(session, "katering-sehat").id)
        snapshots = list_snapshots(session, "katering-sehat")
        quiet = set(session.exec(select(Trigger.quiet_start, Trigger.quiet_end)).all())
    assert locales["id"] > 50 and locales["en"] > 30
    assert (now - oldest.replace(tzinfo=now.tzinfo)).days >= 80 and faces == {1, 2, 3, 4, 5}
    assert {InvitationStatus.ANSWERED, InvitationStatus.SENT, InvitationStatus.SUPPRESSED} <= statuses
    assert all(stage["emotion"]["responses"] >= 10 for stage in journey_map["stages"])
    service = next(stage for stage in journey_map["stages"] if stage["key"] == "service")
    assert service["pain_points"][0]["count"] >= 10  # a recurring complaint leads the pain points
    assert candidates and len(snapshots) == 2
    assert quiet == {("21:00", "07:00")}  # the demo's triggers keep nights quiet


def test_the_readme_example_event_and_the_printed_hint_are_not_expired(seeded):
    readme = (PROJECT_ROOT / "README.md").read_text()
    example = json.loads(readme.split("An example event:", 1)[1].split("```json", 1)[1].split("```", 1)[0])
    now = utcnow()
    with session_scope(seeded) as session:
        [answer] = ingest_events(session, [parse_event(example, now)], now, RuleSettings())
    assert [i["status"] for i in answer["invitations"]] == ["scheduled"]
    start = (PROJECT_ROOT / "scripts" / "start.sh").read_text()
    assert "seed-demo --history" in start and '"occurred_at": "$OCCURRED_AT"' in start
    assert "d.timedelta(hours=2)" in start  # past the demo delivery trigger's hour: due at once


def test_seed_demo_history_shows_progress_and_is_safe_twice(tmp_path):
    env = {
        **os.environ,
        "FEEDBACK_INSTANCE_PATH": str(tmp_path / "instance"),
        "FEEDBACK_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
    }

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "feedback_app.cli", *args], capture_output=True, text=True, env=env
        )

    assert run("init-db").returncode == 0 and run("load-surveys").returncode == 0
    first = run("seed-demo", "--history")
    assert first.returncode == 0 and "Demo history:" in first.stdout and "answers" in first.stdout
    again = run("seed-demo", "--history")
    assert again.returncode == 0 and "Demo history already loaded." in again.stdout


def test_the_empty_map_says_how_to_get_answers(seeded_app, staff_login):
    from helpers import logged_in

    admin = logged_in(seeded_app, staff_login, "admin")
    page = admin.get("/maps/katering-sehat").get_data(as_text=True)
    assert "No answers yet." in page and "Send now" in page and 'href="/invitations"' in page
    seed_history(seeded_app.extensions["feedback_engine"], utcnow(), RuleSettings())
    assert "No answers yet." not in admin.get("/maps/katering-sehat").get_data(as_text=True)
