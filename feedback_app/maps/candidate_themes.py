"""Candidate themes: the recurring complaints and praise no theme covers yet (fallback `term:` keys), counted
from the theme index with quotes and the customers' own words, for the CX team to make into journey themes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func
from sqlmodel import Session, select

from feedback_app.models import JourneyTheme, Response, ResponseTheme, Stage
from feedback_app.scoring import theme_label
from feedback_app.scoring.candidates import suggested_terms

CANDIDATES, CANDIDATE_MIN = 15, 2
QUOTES_PER_CANDIDATE = 4
QUOTES_LOOKED_AT = 40  # the latest answers a card's quotes are chosen from, so both languages can be quoted
FALLBACK_PREFIX = "term:"


@dataclass
class Candidate:
    """A recurring complaint or praise no theme covers, as the CX team sees it."""

    key: str
    label: str  # English, as the 'Make a theme' form's English name
    label_id: str  # Indonesian, through the glossary ('Tidak manis')
    answers: int
    negative: int
    positive: int
    quotes: list[str]
    terms: list[str]

    @property
    def polarity(self) -> int:
        return -1 if self.negative >= self.positive else 1


def candidate_themes(
    session: Session,
    journey_id: int,
    since: datetime | None = None,
    limit: int = CANDIDATES,
    min_answers: int = CANDIDATE_MIN,
) -> list[Candidate]:
    """The journey's most frequent fallback theme keys (`term:…`), with counts, quotes and the words to match,
    from the theme index (no scan of the answers). A term already made a theme (`term:not_spicy` and a theme
    `not_spicy`) is left out even before the answers that named it are rescored."""
    conditions = _uncovered_terms(session, journey_id, since)
    out = []
    for key, answers, negative, positive in _most_frequent(session, conditions, limit, min_answers):
        quotes = _latest_quotes(session, conditions, key)
        out.append(
            Candidate(
                key,
                theme_label(key, "en"),
                theme_label(key, "id"),
                answers,
                int(negative or 0),
                int(positive or 0),
                quotes,
                suggested_terms(quotes, key),
            )
        )
    return out


def _uncovered_terms(session: Session, journey_id: int, since: datetime | None) -> list:
    """Where the theme index names a fallback term of the journey's answers (since `since`) that no journey
    theme covers yet."""
    taken = [
        FALLBACK_PREFIX + key
        for key in session.exec(select(JourneyTheme.key).where(JourneyTheme.journey_id == journey_id))
    ]
    conditions = [
        ResponseTheme.stage_id.in_(_stage_ids(journey_id)),
        ResponseTheme.theme.startswith(FALLBACK_PREFIX),
        ResponseTheme.theme.not_in(taken),
    ]
    if since is not None:
        conditions.append(ResponseTheme.submitted_at >= since)
    return conditions


def _most_frequent(session: Session, conditions: list, limit: int, min_answers: int) -> list:
    """(term key, answers, negative, positive) of the `limit` terms on most answers, at least `min_answers` each."""
    count = func.count()
    return session.exec(
        select(
            ResponseTheme.theme,
            count,
            func.sum(case((ResponseTheme.label == "negative", 1), else_=0)),
            func.sum(case((ResponseTheme.label == "positive", 1), else_=0)),
        )
        .where(*conditions)
        .group_by(ResponseTheme.theme)
        .having(count >= min_answers)
        .order_by(count.desc(), ResponseTheme.theme)
        .limit(limit)
    ).all()


def _latest_quotes(session: Session, conditions: list, key: str) -> list[str]:
    """The latest answers that named the term, as the CX team reads them on its card: each language the
    customers used is quoted (the same complaint in Indonesian and English is one candidate), then the newest."""
    latest = session.exec(
        select(Response.text, Response.language)
        .join(ResponseTheme, ResponseTheme.response_id == Response.id)
        .where(*conditions, ResponseTheme.theme == key, Response.text != "")  # erased answers keep no words
        .order_by(ResponseTheme.submitted_at.desc(), Response.id.desc())
        .limit(QUOTES_LOOKED_AT)
    ).all()
    texts = list(dict.fromkeys(text for text, _ in latest))  # newest first; two customers' same words quoted once
    first_of_each = {language: text for text, language in reversed(latest)}
    chosen = [text for text in texts if text in first_of_each.values()][:QUOTES_PER_CANDIDATE]
    chosen += [text for text in texts if text not in chosen][: QUOTES_PER_CANDIDATE - len(chosen)]
    return sorted(chosen, key=texts.index)


def _stage_ids(journey_id: int):
    """The journey's stage ids, as a subquery."""
    return select(Stage.id).where(Stage.journey_id == journey_id)


def theme_answer_counts(session: Session, journey_id: int, keys: list[str]) -> dict[str, int]:
    """How many of the journey's answers each theme key is on."""
    if not keys:
        return {}
    rows = session.exec(
        select(ResponseTheme.theme, func.count())
        .where(ResponseTheme.stage_id.in_(_stage_ids(journey_id)), ResponseTheme.theme.in_(keys))
        .group_by(ResponseTheme.theme)
    ).all()
    return {key: count for key, count in rows}


def read_with_other_than(session: Session, journey_id: int, scorer: str) -> int:
    """Answers of the journey scored by another version than `scorer` (what `rescore --journey` would redo)."""
    return session.exec(
        select(func.count()).select_from(Response).where(Response.journey_id == journey_id, Response.scorer != scorer)
    ).one()
