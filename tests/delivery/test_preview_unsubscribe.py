"""A trigger's preview e-mail looks like the real invitation, unsubscribe line included, without naming a customer."""

from __future__ import annotations

from sqlmodel import select

from feedback_app.delivery.preview import preview_email
from feedback_app.models import Trigger
from feedback_app.storage.database import session_scope


def test_preview_mails_carry_the_unsubscribe_line_in_both_languages(seeded, now):
    with session_scope(seeded) as session:
        trigger = session.exec(select(Trigger)).first()
        mails = {
            lang: preview_email(
                session,
                trigger,
                lang,
                "https://feedback.example/preview/abc?lang=" + lang,
                "m@example.com",
                "feedback@example.com",
                now,
            )
            for lang in ("id", "en")
        }
    for lang, words in (("id", "Berhenti berlangganan"), ("en", "Unsubscribe")):
        plain = mails[lang].get_body(preferencelist=("plain",)).get_content()
        html = mails[lang].get_body(preferencelist=("html",)).get_content()
        assert f"{words}: https://feedback.example/u/preview" in plain
        assert 'href="https://feedback.example/u/preview"' in html and words in html
        assert mails[lang]["List-Unsubscribe"] == "<https://feedback.example/u/preview>"
