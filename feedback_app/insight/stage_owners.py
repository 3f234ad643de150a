"""Who is alerted about low answers, stage by stage: the stage-owner page reads every stage's owner and
thresholds, saves one stage's (checked like a form: which field, what is wrong) through `set_stage_owner`, the same
function the `set-stage-owner` command calls, and sends a test alert to the saved addresses."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from feedback_app.common.address_policy import AddressPolicy
from feedback_app.common.texts import N_, TextError
from feedback_app.delivery.email import EmailSender, LogSender
from feedback_app.delivery.webhook import post_signed
from feedback_app.insight.close_the_loop import DEFAULT_THRESHOLDS, build_notification_email, set_stage_owner
from feedback_app.models import Notification, Stage, StageOwner, get_journey

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
# threshold field -> (lowest, highest, number type): alert when an answer is at or below it
THRESHOLDS = {
    "emotion_at_most": (-1.0, 1.0, float),
    "csat_at_most": (1, 5, int),
    "ces_at_most": (1, 7, int),
    "nps_at_most": (0, 10, int),
}


def stage_owners(session: Session, slug: str) -> dict:
    """The journey, and each visible stage in order with its owner's fields (empty when it has none)."""
    journey = get_journey(session, slug)
    stages = session.exec(
        select(Stage).where(Stage.journey_id == journey.id, Stage.hidden_at.is_(None)).order_by(Stage.position)
    ).all()
    owners = {
        o.stage_id: o for o in session.exec(select(StageOwner).where(StageOwner.stage_id.in_([s.id for s in stages])))
    }
    return {
        "journey": journey,
        "defaults": {f"{kind}_at_most": value for kind, value in DEFAULT_THRESHOLDS.items()},
        "stages": [{"stage": stage, "owner": owners.get(stage.id)} for stage in stages],
    }


def save_stage_owner(
    session: Session, slug: str, stage_key: str, form: Mapping[str, str], addresses: AddressPolicy
) -> StageOwner:
    """Check the page's form (e-mail, webhook URL by the outgoing address policy, thresholds in range; empty:
    the default) and save it; TextError naming the field otherwise."""
    email = (form.get("email") or "").strip() or None
    webhook_url = (form.get("webhook_url") or "").strip() or None
    if email and (len(email) > 254 or not EMAIL.match(email)):
        raise TextError(N_("This is not an e-mail address."), "email")
    if webhook_url and len(webhook_url) > 500:
        raise TextError(N_("Keep the address under %(max)d characters."), "webhook_url", max=500)
    thresholds = {name: _threshold(form.get(name), name) for name in THRESHOLDS}
    try:  # set_stage_owner vets the webhook URL: AddressRefused (a TextError on webhook_url) for loopback, private…
        return set_stage_owner(
            session, slug, stage_key, email=email, webhook_url=webhook_url, addresses=addresses, **thresholds
        )
    except LookupError:
        raise TextError(N_("This stage no longer exists; reload the page."), "stage") from None


def _threshold(raw: str | None, name: str) -> float | int | None:
    low, high, kind = THRESHOLDS[name]
    text = (raw or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = kind(float(text)) if kind is int and float(text).is_integer() else kind(text)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise TextError(N_("Give a number from %(low)s to %(high)s, or leave it empty."), name, low=low, high=high)
    return value


@dataclass
class TestAlert:
    """Where a test alert went, and what failed (a target's address and a short reason)."""

    sent: list[str]
    failed: list[tuple[str, str]]


def send_test_alert(
    session: Session,
    slug: str,
    stage_key: str,
    email_sender: EmailSender | LogSender,
    mail_from: str,
    base_url: str,
    now: datetime,
    webhook_secret: str | None = None,
    addresses: AddressPolicy = AddressPolicy(),
) -> TestAlert:
    """Send the owner of a stage an alert like a real one, marked as a test, to each saved address."""
    journey = get_journey(session, slug)
    stage = session.exec(select(Stage).where(Stage.journey_id == journey.id, Stage.key == stage_key)).first()
    owner = stage and session.exec(select(StageOwner).where(StageOwner.stage_id == stage.id)).first()
    if not owner or not (owner.email or owner.webhook_url):
        raise TextError(N_("Save an e-mail address or a webhook URL first."), "email")
    context = _test_context(journey, stage, base_url, now)
    alert = TestAlert([], [])
    for channel, target in (("email", owner.email), ("webhook", owner.webhook_url)):
        if not target:
            continue
        try:
            if channel == "email":
                note = Notification(id=0, response_id=0, stage_id=stage.id, channel=channel, target=target, reason="")
                email_sender.send(build_notification_email(note, context, mail_from))
            else:
                body = json.dumps(context, ensure_ascii=False).encode()
                post_signed(target, body, webhook_secret, {"X-Feedback-Notification": "test"}, addresses=addresses)
            alert.sent.append(target)
        except Exception as exc:  # noqa: BLE001 - the page tells the owner what failed
            alert.failed.append((target, f"{type(exc).__name__}: {exc}"[:200]))
    return alert


def _test_context(journey, stage: Stage, base_url: str, now: datetime) -> dict:
    """What a real alert carries (see close_the_loop._context), with a made-up answer marked TEST."""
    return {
        "event": "low_answer_test",
        "journey": journey.name,
        "journey_slug": journey.slug,
        "stage": stage.name,
        "stage_key": stage.key,
        "reason": "TEST: emotion -0.80 (at most -0.50)",
        "quote": "This is a test alert from the stage-owner page.",
        "submitted_at": now.isoformat(),
        "link": f"{base_url.rstrip('/')}/responses?journey={journey.slug}&stage={stage.key}",
    }
