"""A survey page's signed note of what it read about its link, sent back with the answers.

Opening the questionnaire (GET) reads the link's invitation, customer persona and questionnaire. The
POST a few seconds later needed the same facts again, and that read, one more SQLite read transaction
per answer, cost as much as scoring when several workers write at once. The page now carries those
facts in a hidden field, signed with the app's secret key and bound to the link's token, so the POST
can trust them without reading. Nothing here decides whether the link may still be answered: the claim
(`links.claim_link`) checks status and expiry in the write transaction, as it always did, and a
missing or forged ticket (another token, another secret), or one naming a questionnaire version this
process does not hold, only means the POST reads the link as before. The answers are validated against
the questionnaire version the customer was shown.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from itsdangerous import BadSignature, URLSafeSerializer

from feedback_app.common.clock import iso, parse_iso
from feedback_app.survey.links import LinkedInvitation, OpenSurvey
from feedback_app.survey.questionnaire_cache import cached_questionnaire

SALT = "survey-link-ticket"
_FIELDS = ("id", "status", "locale", "journey_id", "stage_id", "touchpoint_id", "customer_id", "questionnaire_id")


@lru_cache(maxsize=8)
def _serializer(secret: str) -> URLSafeSerializer:
    """One serializer per secret key and process, not one per answer."""
    return URLSafeSerializer(secret, salt=SALT)


def issue_ticket(survey: OpenSurvey, secret: str) -> str:
    """The signed facts of an open survey (its invitation, persona and questionnaire version)."""
    invitation = survey.invitation
    facts = [
        invitation.token,
        *(getattr(invitation, name) for name in _FIELDS),
        iso(invitation.expires_at),
        iso(invitation.opened_at) if invitation.opened_at else None,
        survey.persona_id,
        survey.questionnaire.checksum,
    ]
    return _serializer(secret).dumps(facts)


def survey_from_ticket(ticket: str | None, token: str, secret: str, now: datetime) -> OpenSurvey | None:
    """The open survey a ticket describes, or None when it cannot be used or says the link has expired
    (then read the link, which says why it cannot be answered)."""
    if not ticket or len(ticket) > 1000:
        return None
    try:
        facts = _serializer(secret).loads(ticket)
        ticket_token, *values, expires_at, opened_at, persona_id, checksum = facts
        invitation = LinkedInvitation(
            token=ticket_token,
            expires_at=parse_iso(expires_at),
            opened_at=parse_iso(opened_at) if opened_at else None,
            **dict(zip(_FIELDS, values, strict=True)),
        )
    except (BadSignature, TypeError, ValueError):
        return None
    if ticket_token != token or invitation.expires_at <= now:
        return None
    cached = cached_questionnaire(invitation.questionnaire_id, checksum)
    if cached is None:
        return None
    return OpenSurvey(invitation, cached[0], cached[1], persona_id)
