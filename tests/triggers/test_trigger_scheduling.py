"""Trigger rules against the database: events, fatigue across triggers, quiet hours at send time,
reminders, recurring surveys, and the funnel that explains every invitation not sent."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from helpers import answer
from sqlmodel import func, select

from feedback_app.config import PROJECT_ROOT
from feedback_app.delivery.dispatch import dispatch_pass
from feedback_app.delivery.email import LogSender
from feedback_app.invitations.events import ingest_events, parse_event
from feedback_app.invitations.recurring import run_recurring_triggers
from feedback_app.invitations.reminders import queue_due_reminders
from feedback_app.invitations.rule_settings import RuleSettings
from feedback_app.models import Customer, Invitation, RecurringRun, Touchpoint, Trigger
from feedback_app.storage.database import make_engine, session_scope
from feedback_app.triggers.cron import due_fire_time
from feedback_app.triggers.editing import TriggerSettings, save_trigger, set_active
from feedback_app.triggers.funnel import trigger_funnel

NOW = datetime(2026, 3, 17, 3, 0, tzinfo=UTC)  # 10:00 in Jakarta
MONTHLY = {"all": [{"field": "attributes.plan", "op": "eq", "value": "monthly"}]}


def add_trigger(engine, touchpoint: str = "order_delivered", **settings) -> int:
    """A trigger on the touchpoint, using the demo's questionnaire for it; the demo trigger is paused."""
    with session_scope(engine) as session:
        tp = session.exec(select(Touchpoint).where(Touchpoint.key == touchpoint)).one()
        demo = session.exec(select(Trigger).where(Trigger.touchpoint_id == tp.id)).first()
        set_active(session, demo.id, False)
        values = dict(
            name=f"test {touchpoint}",
            touchpoint_id=tp.id,
            questionnaire_id=demo.questionnaire_id,
            delay_minutes=0,
            expiry_hours=7 * 24,
            fatigue_days=0,
        )
        values.update(settings)
        return save_trigger(session, TriggerSettings(**values), NOW).id


def post(engine, *events, now=NOW, settings=RuleSettings()) -> list[dict]:
    parsed = [parse_event(e, now) for e in events]
    with session_scope(engine) as session:
        return ingest_events(session, parsed, now, settings)


def event(customer: str, event_id=None, touchpoint="order_delivered", occurred=NOW, **fields) -> dict:
    person = {"external_id": customer, "email": f"{customer}@example.com", **fields}
    return {"touchpoint": touchpoint, "event_id": event_id, "occurred_at": occurred.isoformat(), "customer": person}


def mine(results: list[dict], trigger_id: int) -> list[dict]:
    return [inv for result in results for inv in result["invitations"] if inv["trigger_id"] == trigger_id]


def rows(engine, **where) -> list[Invitation]:
    with session_scope(engine) as session:
        query = select(Invitation).order_by(Invitation.id)
        for name, value in where.items():
            query = query.where(getattr(Invitation, name) == value)
        return list(session.exec(query))


def test_conditions_decide_per_event_and_say_why_not(seeded):
    trigger = add_trigger(seeded, conditions=MONTHLY)
    results = post(
        seeded, event("c-1", "e1", attributes={"plan": "monthly"}), event("c-2", "e2", attributes={"plan": "weekly"})
    )
    assert [(inv["status"], inv["reason"]) for inv in mine(results, trigger)] == [
        ("scheduled", None),
        ("suppressed", "condition_false"),
    ]


def test_the_global_cap_spans_triggers_and_the_trigger_cap_only_its_own(seeded):
    delivery = add_trigger(seeded, fatigue_days=30)
    menu = add_trigger(seeded, "menu_viewed")
    first = post(seeded, event("c-1", "e1"))
    assert mine(first, delivery)[0]["status"] == "scheduled"
    other = post(seeded, event("c-1", "e2", touchpoint="menu_viewed"), now=NOW + timedelta(days=3))
    assert mine(other, menu)[0]["reason"] == "fatigue"  # any trigger within FEEDBACK_FATIGUE_DAYS (7)
    later = NOW + timedelta(days=10)
    again = post(seeded, event("c-1", "e3", occurred=later), now=later)
    assert mine(again, delivery)[0]["reason"] == "fatigue_trigger"  # past the global 7 days, inside its own 30
    elsewhere = post(seeded, event("c-1", "e4", touchpoint="menu_viewed", occurred=later), now=later)
    assert mine(elsewhere, menu)[0]["status"] == "scheduled"
    stricter = post(
        seeded,
        event("c-9", "e5", occurred=later),
        event("c-9", "e6", touchpoint="menu_viewed", occurred=later),
        now=later,
        settings=RuleSettings(fatigue_days=30),
    )
    assert mine(stricter, menu)[0]["reason"] == "fatigue"


def test_a_batch_decides_as_one_event_after_another(seeded):
    trigger = add_trigger(seeded, fatigue_days=7)
    results = post(
        seeded,
        {**event("c-1", "a"), "customer": {"external_id": "c-1"}},  # no address yet
        event("c-1", "b", locale="en"),
        event("c-1", "c"),
        event("c-1", "b"),
    )
    assert [(i["status"], i["reason"]) for i in mine(results[:3], trigger)] == [
        ("suppressed", "no_address"),
        ("scheduled", None),
        ("suppressed", "fatigue"),
    ]
    assert results[3] == {**results[1], "duplicate": True}  # the same event_id twice in one batch: stored once
    assert post(seeded, event("c-1", "b")) == [{**results[1], "duplicate": True}]
    assert rows(seeded, status="scheduled")[0].locale == "en"


def test_sampling_through_events_is_stable_and_near_the_rate(seeded):
    trigger = add_trigger(seeded, sample_percent=30)
    results = post(seeded, *(event(f"c-{i}", f"e-{i}") for i in range(1000)))
    chosen = {inv["id"] for inv in mine(results, trigger) if inv["status"] == "scheduled"}
    assert 250 <= len(chosen) <= 350
    assert {inv["reason"] for inv in mine(results, trigger)} == {None, "sampled_out"}


def test_a_paused_trigger_records_why_nothing_was_sent(seeded):
    trigger = add_trigger(seeded)
    with session_scope(seeded) as session:
        set_active(session, trigger, False)
    assert mine(post(seeded, event("c-1", "e1")), trigger)[0]["reason"] == "trigger_paused"


def send(engine, now) -> LogSender:
    sender = LogSender()
    dispatch_pass(engine, sender, "https://f.example", "cx@example.com", now)
    return sender


def test_dispatch_holds_a_send_that_falls_inside_quiet_hours_until_they_end(seeded):
    trigger = add_trigger(seeded)
    post(seeded, event("c-1", "e1", timezone="Asia/Makassar"))
    with session_scope(seeded) as session:  # quiet hours added after scheduling, as a late pass or a retry finds them
        stored = session.get(Trigger, trigger)
        stored.quiet_start, stored.quiet_end = "21:00", "08:00"
        session.add(stored)
    late = datetime(2026, 3, 17, 15, 30, tzinfo=UTC)  # 23:30 in Makassar
    assert send(seeded, late).sent == []
    [held] = rows(seeded, trigger_id=trigger)
    assert held.status == "scheduled" and held.next_attempt_at == datetime(2026, 3, 18, 0, tzinfo=UTC)
    assert send(seeded, datetime(2026, 3, 17, 23, 59, tzinfo=UTC)).sent == []
    assert len(send(seeded, datetime(2026, 3, 18, 0, 0, tzinfo=UTC)).sent) == 1  # 08:00 Makassar


def test_an_event_in_the_evening_is_scheduled_for_the_next_morning(seeded):
    trigger = add_trigger(seeded, quiet_start="21:00", quiet_end="08:00", delay_minutes=60)
    evening = datetime(2026, 3, 17, 12, 30, tzinfo=UTC)  # 21:30 in Jayapura, 19:30 in Jakarta
    results = post(
        seeded,
        event("c-1", "e1", timezone="Asia/Jayapura", occurred=evening),
        event("c-2", "e2", timezone="Asia/Jakarta", occurred=evening),
        now=evening,
    )
    jayapura, jakarta = mine(results, trigger)
    assert jayapura["due_at"] == "2026-03-17T23:00:00Z"  # 08:00 in Jayapura
    assert jakarta["due_at"] == "2026-03-17T13:30:00Z"  # 20:30 in Jakarta: before the window


def test_one_reminder_after_n_days_if_unanswered_on_the_same_link(seeded):
    trigger = add_trigger(seeded, reminder_days=2)
    post(seeded, event("c-1", "e1"), event("c-2", "e2"))
    first = send(seeded, NOW).sent
    assert len(first) == 2
    answered, unanswered = rows(seeded, trigger_id=trigger)
    answer(seeded, answered.id, 4, "Enak", NOW + timedelta(days=1))
    assert queue_due_reminders(seeded, NOW + timedelta(days=1, hours=23)) == 0
    assert queue_due_reminders(seeded, NOW + timedelta(days=2)) == 1
    assert queue_due_reminders(seeded, NOW + timedelta(days=2)) == 0  # a second scheduler finds nothing
    reminder = send(seeded, NOW + timedelta(days=2)).sent
    assert [m["To"] for m in reminder] == ["c-2@example.com"]
    assert f"/s/{unanswered.token}" in reminder[0].get_body(("plain",)).get_content()
    # Stable Message-IDs: a send repeated after a crash is a duplicate receivers drop; the reminder is its own.
    [first_to_c2] = [m for m in first if m["To"] == "c-2@example.com"]
    assert first_to_c2["Message-ID"].startswith(f"<invitation-{unanswered.id}.")
    assert reminder[0]["Message-ID"].startswith(f"<invitation-{unanswered.id}-reminder.")
    assert reminder[0]["Message-ID"].endswith("@example.com>")
    assert queue_due_reminders(seeded, NOW + timedelta(days=5)) == 0  # once only
    [_, reminded] = rows(seeded, trigger_id=trigger)
    assert reminded.reminded_at is not None and reminded.status == "sent"
    assert rows(seeded, id=answered.id)[0].reminded_at is None  # never after an answer


def test_no_reminder_after_the_link_expired_and_none_inside_quiet_hours(seeded):
    trigger = add_trigger(seeded, reminder_days=2, expiry_hours=66, quiet_start="21:00", quiet_end="08:00")
    post(seeded, event("c-1", "e1"))
    send(seeded, NOW)
    [inv] = rows(seeded, trigger_id=trigger)
    assert inv.reminder_due_at == NOW + timedelta(days=2)
    night = NOW + timedelta(days=2, hours=12)  # 22:00 in Jakarta, link still valid for 6 h
    assert queue_due_reminders(seeded, night) == 1
    assert send(seeded, night).sent == []  # held by the quiet hours until 08:00
    assert rows(seeded, trigger_id=trigger)[0].next_attempt_at == NOW + timedelta(days=2, hours=22)
    with session_scope(seeded) as session:
        session.get(Invitation, inv.id).status = "sent"
        session.get(Invitation, inv.id).reminded_at = None
    assert queue_due_reminders(seeded, NOW + timedelta(days=3)) == 0  # expired (66 h)


def add_customers(engine, plans: dict[str, str]) -> None:
    with session_scope(engine) as session:
        for external_id, plan in plans.items():
            session.add(
                Customer(external_id=external_id, email=f"{external_id}@example.com", attributes={"plan": plan})
            )


def recurring(engine, **settings) -> int:
    values = dict(schedule_cron="0 9 1 * *", schedule_timezone="Asia/Jakarta", conditions=MONTHLY, fatigue_days=20)
    values.update(settings)
    return add_trigger(engine, "subscription_renewed", **values)


APRIL_1_9AM_JAKARTA = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)


def test_a_recurring_survey_invites_its_segment_once_per_fire_time(seeded):
    add_customers(seeded, {"m-1": "monthly", "m-2": "monthly", "m-3": "monthly", "w-1": "weekly", "w-2": "weekly"})
    trigger = recurring(seeded)
    assert run_recurring_triggers(seeded, APRIL_1_9AM_JAKARTA - timedelta(minutes=1), RuleSettings()) == []
    [run] = run_recurring_triggers(seeded, APRIL_1_9AM_JAKARTA, RuleSettings())
    assert (run.fire_time, run.invited, run.suppressed) == (APRIL_1_9AM_JAKARTA, 3, 0)
    assert (
        run_recurring_triggers(seeded, APRIL_1_9AM_JAKARTA + timedelta(minutes=1), RuleSettings()) == []
    )  # a second pass
    assert len(rows(seeded, trigger_id=trigger)) == 3
    [may] = run_recurring_triggers(seeded, datetime(2026, 5, 1, 2, 0, tzinfo=UTC), RuleSettings())
    assert may.invited == 3 and len(rows(seeded, trigger_id=trigger)) == 6


def test_two_schedulers_at_the_same_moment_invite_the_segment_once(seeded, database_url):
    add_customers(seeded, {f"m-{i}": "monthly" for i in range(50)})
    trigger = recurring(seeded)
    engines = [make_engine(database_url) for _ in range(2)]
    barrier = threading.Barrier(2)

    def scheduler(engine):
        barrier.wait()
        run_recurring_triggers(engine, APRIL_1_9AM_JAKARTA, RuleSettings())

    threads = [threading.Thread(target=scheduler, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(rows(seeded, trigger_id=trigger)) == 50
    with session_scope(seeded) as session:
        assert session.exec(select(func.count()).select_from(RecurringRun)).one() == 1


@pytest.mark.postgres
def test_two_schedulers_on_postgresql_invite_the_segment_once(postgres_url):
    from feedback_app.demo import seed_demo
    from feedback_app.survey.questionnaires import load_questionnaires

    engine = make_engine(postgres_url)
    with session_scope(engine) as session:
        load_questionnaires(session, PROJECT_ROOT / "surveys")
        seed_demo(session)
    add_customers(engine, {f"m-{i}": "monthly" for i in range(200)})
    trigger = recurring(engine)
    engines = [make_engine(postgres_url) for _ in range(2)]
    barrier = threading.Barrier(2)
    runs = []

    def scheduler(engine):
        barrier.wait()
        runs.extend(run_recurring_triggers(engine, APRIL_1_9AM_JAKARTA, RuleSettings()))

    threads = [threading.Thread(target=scheduler, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(runs) == 1 and len(rows(engine, trigger_id=trigger)) == 200
    for e in engines + [engine]:
        e.dispose()


def test_a_scheduler_that_was_down_fires_only_the_latest_missed_time():
    after = datetime(2026, 1, 1, tzinfo=UTC)
    assert due_fire_time("0 9 1 * *", "Asia/Jakarta", after, APRIL_1_9AM_JAKARTA) == APRIL_1_9AM_JAKARTA
    assert due_fire_time("0 9 1 * *", "Asia/Makassar", after, APRIL_1_9AM_JAKARTA) == APRIL_1_9AM_JAKARTA - timedelta(
        hours=1
    )
    assert (
        due_fire_time("0 9 1 * *", "Asia/Jayapura", APRIL_1_9AM_JAKARTA, APRIL_1_9AM_JAKARTA + timedelta(days=1))
        is None
    )


def test_the_funnel_counts_each_step_and_each_reason(seeded):
    trigger = add_trigger(seeded, conditions=MONTHLY, fatigue_days=30)
    post(
        seeded,
        *(event(f"m-{i}", f"a-{i}", attributes={"plan": "monthly"}) for i in range(4)),
        event("w-1", "b-1", attributes={"plan": "weekly"}),
        {
            **event("m-9", "c-1", attributes={"plan": "monthly"}),
            "customer": {"external_id": "m-9", "attributes": {"plan": "monthly"}},
        },
        event("m-0", "d-1", attributes={"plan": "monthly"}),
    )
    send(seeded, NOW)
    first, second = rows(seeded, trigger_id=trigger, status="sent")[:2]
    from feedback_app.survey.links import open_survey

    with session_scope(seeded) as session:
        open_survey(session, first.token, NOW + timedelta(hours=1))
    answer(seeded, second.id, 5, "Mantap", NOW + timedelta(hours=2))
    with session_scope(seeded) as session:
        funnel = trigger_funnel(session, trigger, NOW - timedelta(days=1), NOW + timedelta(days=1))
    assert funnel.steps() == [("matched", 6), ("scheduled", 4), ("sent", 4), ("opened", 2), ("answered", 1)]
    assert funnel.suppressions == {"condition_false": 1, "no_address": 1, "fatigue": 1}
    assert [label for _, label, _ in funnel.suppressed_by_reason()][0] in (
        "conditions not met",
        "no address",
        "fatigue cap (all triggers)",
    )
    with session_scope(seeded) as session:
        assert trigger_funnel(session, trigger, NOW + timedelta(days=1), NOW + timedelta(days=2)).events == 0


def test_an_invitation_sent_twice_carries_the_same_message_id(seeded):
    """What a crash between a send and its group commit leads to (dispatch.py): the same message again."""
    from feedback_app.delivery.email import build_invitation_email
    from feedback_app.delivery.outgoing import OutgoingInvitation

    item = OutgoingInvitation(
        invitation_id=7,
        to_address="rina@example.com",
        customer_name="Rina",
        locale="id",
        title="Pengiriman",
        intro="",
        link="https://f.example/s/abc",
        expires_at=NOW,
    )
    ids = {build_invitation_email(item, "cx@example.com")["Message-ID"] for _ in range(2)}
    assert len(ids) == 1
    other = OutgoingInvitation(**{**item.__dict__, "link": "https://other.example/s/abc"})
    assert build_invitation_email(other, "cx@example.com")["Message-ID"] not in ids  # another installation
