"""What a customer will see from a trigger, before anyone is asked: the e-mail and the questionnaire.

The preview uses the real e-mail builder and templates; its link opens the real survey page in a
preview mode (a signed link to the questionnaire, no invitation), which shows the thank-you page
on submit and stores nothing. A test send mails that same e-mail to the marketer's own address.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from itsdangerous import BadSignature, URLSafeSerializer
from sqlmodel import Session, select

from feedback_app.delivery.email import build_invitation_email
from feedback_app.delivery.outgoing import OutgoingInvitation
from feedback_app.models import Question, Questionnaire, Trigger
from feedback_app.triggers.editing import get_trigger

LANGUAGES = ("id", "en")
SAMPLE_NAMES = {"id": "Rina", "en": "Rina"}


def _signer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt="questionnaire-preview")


def preview_token(secret: str, questionnaire_id: int) -> str:
    """A link token that opens the questionnaire in preview mode; it cannot answer any invitation."""
    return _signer(secret).dumps({"q": questionnaire_id})


def preview_questionnaire_id(secret: str, token: str) -> int | None:
    """The questionnaire a preview token names, or None when it was not signed by us."""
    try:
        value = _signer(secret).loads(token)
    except BadSignature:
        return None
    return value.get("q") if isinstance(value, dict) and isinstance(value.get("q"), int) else None


def questionnaire_with_questions(session: Session, questionnaire_id: int) -> tuple[Questionnaire, list[Question]]:
    questionnaire = session.get(Questionnaire, questionnaire_id)
    if questionnaire is None:
        raise LookupError(questionnaire_id)
    questions = list(
        session.exec(select(Question).where(Question.questionnaire_id == questionnaire_id).order_by(Question.position))
    )
    return questionnaire, questions


def preview_email(
    session: Session,
    trigger: Trigger,
    lang: str,
    preview_link: str,
    to_address: str,
    mail_from: str,
    now: datetime,
    name: str | None = None,
) -> EmailMessage:
    """The invitation e-mail this trigger sends, in `lang`, addressed to `to_address`."""
    lang = lang if lang in LANGUAGES else "id"
    questionnaire = session.get(Questionnaire, trigger.questionnaire_id)
    item = OutgoingInvitation(
        invitation_id=0,
        to_address=to_address,
        customer_name=name or SAMPLE_NAMES[lang],
        locale=lang,
        title=questionnaire.title.get(lang, ""),
        intro=questionnaire.intro.get(lang, ""),
        link=preview_link,
        expires_at=now + timedelta(hours=trigger.expiry_hours),
        unsubscribe_link=preview_unsubscribe_link(preview_link),
    )
    return build_invitation_email(item, mail_from)


def preview_unsubscribe_link(preview_link: str) -> str:
    """The preview shows the unsubscribe line every real invitation carries; its link names no customer
    (`/u/preview` on the same host), so following it unsubscribes no one."""
    base = preview_link.split("/preview/", 1)[0] if "/preview/" in preview_link else preview_link.rstrip("/")
    return f"{base}/u/preview"


@dataclass(frozen=True)
class PreviewMail:
    """How a marketer's preview is addressed: the app's secret (to sign the survey link), its sender, the
    marketer's address, and the preview survey's URL for a token and a language."""

    secret: str
    mail_from: str
    to_address: str
    survey_link: Callable[[str, str], str]


@dataclass
class TriggerPreview:
    """What a trigger's preview page shows: the trigger, its questionnaire's preview token, the subject in each
    language."""

    trigger: Trigger
    token: str
    subjects: dict[str, str]


def trigger_preview(session: Session, trigger_id: int, mail: PreviewMail, now: datetime) -> TriggerPreview:
    """Trigger `trigger_id`'s e-mail as the preview page shows it; TriggerNotFound when deleted or unknown."""
    trigger = get_trigger(session, trigger_id)
    subjects = {lang: _trigger_email(session, trigger, lang, mail, now)["Subject"] for lang in LANGUAGES}
    return TriggerPreview(trigger, preview_token(mail.secret, trigger.questionnaire_id), subjects)


def trigger_email(session: Session, trigger_id: int, lang: str, mail: PreviewMail, now: datetime) -> EmailMessage:
    """The e-mail trigger `trigger_id` sends, in `lang`, addressed to the marketer (shown, or sent as a test);
    TriggerNotFound when deleted or unknown."""
    return _trigger_email(session, get_trigger(session, trigger_id), lang, mail, now)


def _trigger_email(session: Session, trigger: Trigger, lang: str, mail: PreviewMail, now: datetime) -> EmailMessage:
    link = mail.survey_link(preview_token(mail.secret, trigger.questionnaire_id), lang)
    return preview_email(session, trigger, lang, link, mail.to_address, mail.mail_from, now)


def email_html(message: EmailMessage) -> str:
    part = message.get_body(("html",))
    return part.get_content() if part else ""


def send_test(sender, message: EmailMessage) -> None:
    """Mail a preview through the configured sender, marked as a test in its subject."""
    subject = message["Subject"]
    del message["Subject"]
    message["Subject"] = f"[Test] {subject}"
    with sender:
        sender.send(message)
