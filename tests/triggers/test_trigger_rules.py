"""Trigger rules as pure functions with `now` passed in: conditions, sampling, fatigue, quiet hours, reminder."""

from datetime import UTC, datetime, time, timedelta

import pytest

from feedback_app.triggers.conditions import describe, matches, validate_conditions
from feedback_app.triggers.rules import (
    CustomerFacts,
    QuietHours,
    SuppressionReason,
    TriggerRule,
    decide,
    quiet_hours_end,
    sampled_in,
)

UTC = UTC
NIGHT = QuietHours(time(21), time(8))  # spans midnight
RULE = TriggerRule(
    trigger_id=7,
    channel="email",
    delay=timedelta(hours=1),
    expiry=timedelta(days=3),
    fatigue=timedelta(days=30),
    quiet_hours=NIGHT,
)
RINA = {
    "locale": "id",
    "timezone": "Asia/Jakarta",
    "persona": "busy-professional",
    "attributes": {"plan": "monthly", "city": "Jakarta", "orders": 12, "vip": True},
}


def facts(**overrides) -> CustomerFacts:
    values = dict(
        email="rina@example.com",
        opted_out=False,
        last_invited_at=None,
        key="c-42",
        timezone="Asia/Jakarta",
        profile=RINA,
    )
    values.update(overrides)
    return CustomerFacts(**values)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


# Quiet hours ---------------------------------------------------------------------------------


@pytest.mark.parametrize("zone, offset", [("Asia/Jakarta", 7), ("Asia/Makassar", 8), ("Asia/Jayapura", 9)])
def test_a_send_late_in_the_evening_waits_until_eight_the_next_morning_local_time(zone, offset):
    evening = utc(2026, 3, 17, 22, 30) - timedelta(hours=offset)  # 22:30 local
    assert NIGHT.next_send_time(evening, zone) == utc(2026, 3, 18, 8) - timedelta(hours=offset)


@pytest.mark.parametrize("zone, offset", [("Asia/Jakarta", 7), ("Asia/Makassar", 8), ("Asia/Jayapura", 9)])
def test_a_send_after_midnight_waits_until_eight_the_same_morning(zone, offset):
    small_hours = utc(2026, 3, 18, 2, 15) - timedelta(hours=offset)  # 02:15 local on the 18th
    assert NIGHT.next_send_time(small_hours, zone) == utc(2026, 3, 18, 8) - timedelta(hours=offset)


@pytest.mark.parametrize(
    "local_hour, held", [(20, False), (21, True), (23, True), (0, True), (7, True), (8, False), (12, False)]
)
def test_the_window_edges_spanning_midnight(local_hour, held):
    moment = utc(2026, 3, 17, 12) + timedelta(hours=local_hour - 12 - 7)  # local_hour in Jakarta
    assert (NIGHT.end_of_window(moment, "Asia/Jakarta") is not None) is held


def test_the_same_instant_is_night_in_jayapura_and_evening_in_jakarta():
    instant = utc(2026, 3, 17, 12, 30)  # 19:30 Jakarta, 20:30 Makassar, 21:30 Jayapura
    assert NIGHT.end_of_window(instant, "Asia/Jakarta") is None
    assert NIGHT.end_of_window(instant, "Asia/Makassar") is None
    assert NIGHT.end_of_window(instant, "Asia/Jayapura") == utc(2026, 3, 17, 23)  # 08:00 on the 18th in Jayapura


def test_a_daytime_window_that_does_not_span_midnight():
    lunch = QuietHours(time(12), time(13))
    assert lunch.end_of_window(utc(2026, 3, 17, 5, 30), "Asia/Jakarta") == utc(2026, 3, 17, 6)
    assert lunch.end_of_window(utc(2026, 3, 17, 6, 0), "Asia/Jakarta") is None


def test_decide_moves_the_due_time_out_of_quiet_hours_in_the_customers_zone():
    event = utc(2026, 3, 17, 14, 30)  # 21:30 in Jakarta; +1 h delay = 22:30, inside the window
    decision = decide(RULE, event, facts(), now=event)
    assert decision.scheduled and decision.due_at == utc(2026, 3, 18, 1)  # 08:00 Jakarta
    in_jayapura = decide(RULE, event, facts(timezone="Asia/Jayapura"), now=event)
    assert in_jayapura.due_at == utc(2026, 3, 17, 23)  # 08:00 Jayapura


def test_quiet_hours_that_push_past_the_expiry_suppress_as_expired():
    rule = TriggerRule(7, "email", timedelta(0), expiry=timedelta(hours=2), fatigue=timedelta(0), quiet_hours=NIGHT)
    event = utc(2026, 3, 17, 15)  # 22:00 Jakarta; the window ends in 10 hours, the link in 2
    assert decide(rule, event, facts(), event).suppressed == SuppressionReason.EXPIRED


def test_quiet_hours_end_for_dispatch_tolerates_missing_or_broken_windows():
    assert quiet_hours_end(None, None, "Asia/Jakarta", utc(2026, 3, 17, 16)) is None
    assert quiet_hours_end("21:00", "nonsense", "Asia/Jakarta", utc(2026, 3, 17, 16)) is None
    assert quiet_hours_end("21:00", "08:00", "Asia/Jakarta", utc(2026, 3, 17, 16)) == utc(2026, 3, 18, 1)
    with pytest.raises(ValueError):
        QuietHours.parse("08:00", "08:00")


# Conditions ----------------------------------------------------------------------------------

MONTHLY_IN_JAKARTA_OR_BANDUNG = {
    "all": [
        {"field": "attributes.plan", "op": "eq", "value": "Monthly"},
        {
            "any": [
                {"field": "attributes.city", "op": "eq", "value": "Jakarta"},
                {"field": "attributes.city", "op": "eq", "value": "Bandung"},
            ]
        },
    ]
}


def test_and_or_conditions():
    assert matches(MONTHLY_IN_JAKARTA_OR_BANDUNG, RINA)
    assert not matches(MONTHLY_IN_JAKARTA_OR_BANDUNG, {**RINA, "attributes": {"plan": "monthly", "city": "Surabaya"}})
    assert not matches(MONTHLY_IN_JAKARTA_OR_BANDUNG, {**RINA, "attributes": {"plan": "weekly", "city": "Bandung"}})
    assert (
        describe(MONTHLY_IN_JAKARTA_OR_BANDUNG)
        == "plan equals Monthly and (city equals Jakarta or city equals Bandung)"
    )


@pytest.mark.parametrize(
    "leaf, expected",
    [
        ({"field": "attributes.plan", "op": "ne", "value": "weekly"}, True),
        ({"field": "attributes.city", "op": "in", "value": ["Bandung", "jakarta"]}, True),
        ({"field": "attributes.city", "op": "not_in", "value": ["Jakarta"]}, False),
        ({"field": "attributes.city", "op": "contains", "value": "kart"}, True),
        ({"field": "attributes.orders", "op": "gt", "value": 10}, True),
        ({"field": "attributes.orders", "op": "lt", "value": "10"}, False),
        ({"field": "attributes.vip", "op": "exists", "value": True}, True),
        ({"field": "attributes.referrer", "op": "exists", "value": False}, True),
        ({"field": "attributes.referrer", "op": "eq", "value": "x"}, False),
        ({"field": "attributes.referrer", "op": "ne", "value": "x"}, True),
        ({"field": "persona", "op": "eq", "value": "busy-professional"}, True),
        ({"field": "locale", "op": "in", "value": ["en"]}, False),
        ({"field": "attributes.city", "op": "gt", "value": 3}, False),
    ],
)
def test_each_operator(leaf, expected):
    assert not validate_conditions(leaf)
    assert matches({"all": [leaf]}, RINA) is expected


def test_no_conditions_match_everyone():
    assert matches({}, {}) and matches(None, RINA) and validate_conditions({}) == []


@pytest.mark.parametrize(
    "tree, message",
    [
        ({"all": []}, "conditions.all: must be a non-empty list"),
        (
            {"all": [{"field": "plan", "op": "eq", "value": 1}]},
            "conditions.all[0].field: 'plan' is not a customer field",
        ),
        (
            {"any": [{"field": "locale", "op": "equals", "value": "id"}]},
            "conditions.any[0].op: 'equals' is not an operator",
        ),
        (
            {"all": [{"any": [{"field": "attributes.city", "op": "in", "value": "Jakarta"}]}]},
            "conditions.all[0].any[0].value: 'in' needs a non-empty list",
        ),
        ({"all": [{"field": "attributes.age", "op": "gt", "value": "old"}]}, "'gt' needs a number"),
        ({"all": [{"field": "locale", "op": "eq", "value": ""}]}, "'eq' needs a value"),
        ({"all": [], "any": []}, "a group has exactly one key"),
        (["not", "an object"], "conditions: must be an object"),
    ],
)
def test_invalid_conditions_say_where_and_what(tree, message):
    assert any(message in error for error in validate_conditions(tree)), validate_conditions(tree)


def test_a_customer_who_does_not_match_is_suppressed_with_the_reason():
    rule = TriggerRule(
        7,
        "email",
        timedelta(0),
        timedelta(days=3),
        timedelta(0),
        conditions={"all": [{"field": "attributes.plan", "op": "eq", "value": "weekly"}]},
    )
    assert (
        decide(rule, utc(2026, 3, 17, 3), facts(), utc(2026, 3, 17, 3)).suppressed == SuppressionReason.CONDITION_FALSE
    )


# Sampling ------------------------------------------------------------------------------------


def test_sampling_is_deterministic_per_customer_and_trigger():
    first = [sampled_in(7, f"c-{i}", 30) for i in range(1000)]
    assert first == [sampled_in(7, f"c-{i}", 30) for i in range(1000)]
    assert first != [sampled_in(8, f"c-{i}", 30) for i in range(1000)]  # another trigger draws another sample


def test_sampling_30_percent_of_10000_customers_is_within_two_points():
    chosen = sum(sampled_in(7, f"customer-{i}", 30) for i in range(10_000))
    assert 2_800 <= chosen <= 3_200


def test_sampling_bounds():
    assert all(sampled_in(1, f"c-{i}", 100) for i in range(200))
    assert not any(sampled_in(1, f"c-{i}", 0) for i in range(200))


def test_sampled_out_customers_are_suppressed_with_the_reason():
    rule = TriggerRule(7, "email", timedelta(0), timedelta(days=3), timedelta(0), sample_percent=30)
    outcomes = {
        decide(rule, utc(2026, 3, 17, 3), facts(key=f"c-{i}"), utc(2026, 3, 17, 3)).suppressed for i in range(100)
    }
    assert outcomes == {None, SuppressionReason.SAMPLED_OUT}


# Fatigue -------------------------------------------------------------------------------------

NOW = utc(2026, 3, 17, 3)  # 10:00 in Jakarta


def test_the_global_cap_counts_invitations_from_every_trigger():
    rule = TriggerRule(
        7, "email", timedelta(0), timedelta(days=3), fatigue=timedelta(0), global_fatigue=timedelta(days=7)
    )
    other_trigger = facts(recent=((99, NOW - timedelta(days=3)),))
    assert decide(rule, NOW, other_trigger, NOW).suppressed == SuppressionReason.FATIGUE
    long_ago = facts(recent=((99, NOW - timedelta(days=8)),))
    assert decide(rule, NOW, long_ago, NOW).scheduled


def test_the_trigger_cap_counts_only_its_own_invitations():
    rule = TriggerRule(
        7, "email", timedelta(0), timedelta(days=3), fatigue=timedelta(days=30), global_fatigue=timedelta(days=7)
    )
    assert (
        decide(rule, NOW, facts(recent=((7, NOW - timedelta(days=10)),)), NOW).suppressed
        == SuppressionReason.FATIGUE_TRIGGER
    )
    assert decide(rule, NOW, facts(recent=((99, NOW - timedelta(days=10)),)), NOW).scheduled
    assert decide(rule, NOW, facts(recent=((7, NOW - timedelta(days=31)),)), NOW).scheduled


# Reminder ------------------------------------------------------------------------------------


def test_a_reminder_is_planned_after_the_send_and_out_of_quiet_hours():
    rule = TriggerRule(
        7,
        "email",
        timedelta(hours=1),
        timedelta(days=7),
        timedelta(0),
        quiet_hours=NIGHT,
        reminder=timedelta(days=2, hours=12),
    )
    decision = decide(rule, NOW, facts(), NOW)  # due 11:00 Jakarta; +2.5 days = 23:00 Jakarta, inside the window
    assert decision.due_at == NOW + timedelta(hours=1)
    assert decision.reminder_at == utc(2026, 3, 20, 1)  # 08:00 Jakarta the next morning


def test_no_reminder_when_it_would_come_after_the_expiry():
    rule = TriggerRule(7, "email", timedelta(0), timedelta(days=2), timedelta(0), reminder=timedelta(days=3))
    assert decide(rule, NOW, facts(), NOW).reminder_at is None
