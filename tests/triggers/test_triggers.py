"""Trigger rules as pure functions: delay, expiry, fatigue, opt-out, backoff."""

from datetime import UTC, datetime, timedelta

from feedback_app.triggers.rules import CustomerFacts, SuppressionReason, TriggerRule, decide, new_token, retry_delay

NOW = datetime(2026, 3, 17, 2, 0, tzinfo=UTC)
RULE = TriggerRule(
    trigger_id=1, channel="email", delay=timedelta(hours=1), expiry=timedelta(days=3), fatigue=timedelta(days=7)
)
CUSTOMER = CustomerFacts(email="rina@example.com", opted_out=False, last_invited_at=None)


def test_invitation_is_due_after_the_delay():
    decision = decide(RULE, NOW, CUSTOMER, NOW)
    assert decision.scheduled and decision.due_at == NOW + timedelta(hours=1)
    assert decision.expires_at == NOW + timedelta(days=3)


def test_an_old_event_whose_delay_passed_is_due_at_once():
    decision = decide(RULE, NOW - timedelta(hours=5), CUSTOMER, NOW)
    assert decision.scheduled and decision.due_at == NOW


def test_an_event_older_than_the_expiry_is_suppressed_as_expired():
    decision = decide(RULE, NOW - timedelta(days=4), CUSTOMER, NOW)
    assert decision.suppressed == SuppressionReason.EXPIRED


def test_fatigue_cap_suppresses_a_second_invitation_within_the_window():
    recent = CustomerFacts("rina@example.com", False, last_invited_at=NOW - timedelta(days=2))
    assert decide(RULE, NOW, recent, NOW).suppressed == SuppressionReason.FATIGUE


def test_fatigue_cap_allows_an_invitation_after_the_window():
    old = CustomerFacts("rina@example.com", False, last_invited_at=NOW - timedelta(days=8))
    assert decide(RULE, NOW, old, NOW).scheduled


def test_opted_out_customers_and_missing_addresses_are_never_invited():
    assert decide(RULE, NOW, CustomerFacts("a@b.co", True, None), NOW).suppressed == SuppressionReason.OPTED_OUT
    assert decide(RULE, NOW, CustomerFacts(None, False, None), NOW).suppressed == SuppressionReason.NO_ADDRESS


def test_paused_trigger_schedules_nothing():
    paused = TriggerRule(1, "email", timedelta(0), timedelta(days=1), timedelta(days=1), active=False)
    assert decide(paused, NOW, CUSTOMER, NOW).suppressed == SuppressionReason.INACTIVE


def test_retry_backoff_doubles_up_to_an_hour():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert retry_delay(30) == timedelta(hours=1)


def test_tokens_are_unguessable_and_distinct():
    tokens = {new_token() for _ in range(1000)}
    assert len(tokens) == 1000 and all(len(t) == 32 for t in tokens)
