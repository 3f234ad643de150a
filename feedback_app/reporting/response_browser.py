"""The response browser: answers filtered, searched and paged, each with why it got its score; and the CSV export.

Pages are keyset-free but cheap: newest first, one row more than a page tells whether a next page exists
(no COUNT over the whole table). The CSV streams in batches with the same filters.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import date, timedelta

from sqlalchemy import exists
from sqlmodel import Session, select

from feedback_app.common.bounded_input import bounded_int
from feedback_app.common.clock import day_param, day_start, iso
from feedback_app.common.texts import N_, TextError, in_language
from feedback_app.insight.theme_sets import NO_THEMES, cached_theme_set
from feedback_app.models import Channel, Journey, Persona, Response, ResponseTheme, Stage, Touchpoint, find_journey
from feedback_app.models.journey import in_language as content_in_language
from feedback_app.reporting.score_reasons import reader_explanation

PAGE_SIZE = 25
LABELS = ("positive", "neutral", "negative")
CSV_COLUMNS = [
    "submitted_at",
    "journey",
    "stage",
    "touchpoint",
    "channel",
    "persona",
    "locale",
    "face",
    "rating_kind",
    "rating",
    "text",
    "label",
    "polarity",
    "emotion",
    "emotion_score",
    "themes",
    "language",
    "scorer",
    "text_label",
    "text_polarity",
    "text_contradicts_face",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ResponseQuery:
    """What the browser shows; every field optional. Keys, not ids, as in the URLs."""

    journey: str | None = None
    stage: str | None = None
    theme: str | None = None
    touchpoint: str | None = None
    persona: str | None = None
    channel: str | None = None
    start: date | None = None
    end: date | None = None
    label: str | None = None
    q: str | None = None
    flagged: bool = False  # only answers whose text clearly disagrees with their face
    page: int = 1

    @classmethod
    def from_args(cls, args) -> ResponseQuery:
        """Query-string parameters (from, to as dates); a TextError (a ValueError) naming the parameter when one
        is wrong."""
        label = args.get("label") or None
        if label and label not in LABELS:
            raise TextError(N_("'label' must be positive, neutral or negative"), "label")
        page = bounded_int(args.get("page") or "1", "page")
        text = {
            name: (args.get(name) or "").strip() or None
            for name in ("journey", "stage", "theme", "touchpoint", "persona", "channel", "q")
        }
        flagged = args.get("flagged") or ""
        if flagged not in ("", "1"):
            raise TextError(N_("'flagged' must be 1 or left out"), "flagged")
        days = {"start": day_param(args, "from"), "end": day_param(args, "to")}
        return cls(**text, **days, label=label, flagged=flagged == "1", page=page)

    def as_params(self, **changes) -> dict:
        """URL parameters for this query (with changes), empty ones left out."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        values["from"], values["to"] = values.pop("start"), values.pop("end")
        values["flagged"] = 1 if values["flagged"] else None
        return {
            k: (v.isoformat() if isinstance(v, date) else v)
            for k, v in values.items()
            if v not in (None, "") and not (k == "page" and v == 1)
        }


@dataclass
class Names:
    """Ids -> names for the rows of one page (loaded per journey, not per row)."""

    journeys: dict = field(default_factory=dict)
    stages: dict = field(default_factory=dict)
    touchpoints: dict = field(default_factory=dict)
    channels: dict = field(default_factory=dict)
    personas: dict = field(default_factory=dict)
    themes: dict = field(default_factory=dict)  # journey id -> its own themes (journey_themes.ThemeSet)

    @classmethod
    def load(cls, session: Session) -> Names:
        names = cls()
        for model, target in (
            (Journey, names.journeys),
            (Stage, names.stages),
            (Touchpoint, names.touchpoints),
            (Channel, names.channels),
            (Persona, names.personas),
        ):
            for row in session.exec(select(model)):
                target[row.id] = row
        names.themes = {journey_id: cached_theme_set(session, journey_id) for journey_id in names.journeys}
        return names


def _filtered(session: Session, query: ResponseQuery):
    """The select over Response for these filters, newest first; an unknown key matches nothing."""
    statement = _about(select(Response), session, query)
    statement = _answered(statement, query)
    return statement.order_by(Response.submitted_at.desc(), Response.id.desc())


def _about(statement, session: Session, query: ResponseQuery):
    """Answers about the chosen journey, stage, touchpoint, persona and channel (keys within the journey)."""
    nothing = Response.id < 0

    def ids(model, key, **where):
        return list(
            session.exec(select(model.id).where(model.key == key, *[getattr(model, k) == v for k, v in where.items()]))
        )

    journey_id = None
    if query.journey:
        journey = find_journey(session, query.journey)
        journey_id = journey.id if journey else None
        statement = statement.where(Response.journey_id == journey_id if journey_id else nothing)
    scoped = {"journey_id": journey_id} if journey_id else {}
    for key, model, column in (
        (query.stage, Stage, Response.stage_id),
        (query.touchpoint, Touchpoint, Response.touchpoint_id),
        (query.persona, Persona, Response.persona_id),
    ):
        if key:
            statement = statement.where(column.in_(ids(model, key, **scoped)))
    if query.channel:
        channel_ids = ids(Channel, query.channel, **scoped)
        statement = statement.where(
            Response.touchpoint_id.in_(select(Touchpoint.id).where(Touchpoint.channel_id.in_(channel_ids)))
        )
    return statement


def _answered(statement, query: ResponseQuery):
    """Answers with the chosen theme and label, within the days, whose text contains `q` (taken literally)."""
    if query.theme:
        statement = statement.where(
            exists().where(ResponseTheme.response_id == Response.id, ResponseTheme.theme == query.theme)
        )
    if query.start:
        statement = statement.where(Response.submitted_at >= day_start(query.start))
    if query.end:
        statement = statement.where(Response.submitted_at < day_start(query.end + timedelta(days=1)))
    if query.label:
        statement = statement.where(Response.label == query.label)
    if query.flagged:
        statement = statement.where(Response.text_contradicts_face.is_(True))
    if query.q:
        escaped = query.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(Response.text.ilike(f"%{escaped}%", escape="\\"))
    return statement


def browse(session: Session, query: ResponseQuery, lang: str = "en") -> dict:
    """One page of answers, newest first, each with its score explanation."""
    rows = list(session.exec(_filtered(session, query).offset((query.page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)))
    names = Names.load(session)
    return {
        "answers": [_row(r, names, lang, explained=True) for r in rows[:PAGE_SIZE]],
        "theme_name": _theme_name(names, query, lang),
        "page": query.page,
        "has_next": len(rows) > PAGE_SIZE,
        "has_previous": query.page > 1,
    }


def _theme_name(names: Names, query: ResponseQuery, lang: str) -> str | None:
    """The filtered theme's name, in the chosen journey's own words when it has its own themes."""
    if not query.theme:
        return None
    journey_id = next((j.id for j in names.journeys.values() if j.slug == query.journey), None)
    return names.themes.get(journey_id, NO_THEMES).label(query.theme, lang)


def _named(row, lang: str) -> str:
    """A journey's, touchpoint's, channel's or persona's name in the reader's language ("" for none)."""
    return content_in_language(row, "name", lang) if row is not None else ""


def _row(response: Response, names: Names, lang: str, explained: bool = False) -> dict:
    touchpoint, stage = names.touchpoints.get(response.touchpoint_id), names.stages.get(response.stage_id)
    channel = names.channels.get(touchpoint.channel_id) if touchpoint else None
    themes = names.themes.get(response.journey_id, NO_THEMES)
    row = {
        "id": response.id,
        "submitted_at": iso(response.submitted_at),
        "journey": _named(names.journeys.get(response.journey_id), lang),
        "stage": in_language(stage.name, stage.name_id, lang) if stage else "",
        "touchpoint": _named(touchpoint, lang),
        "channel": _named(channel, lang),
        "persona": _named(names.personas.get(response.persona_id), lang),
        "locale": response.locale,
        "face": response.face,
        "rating_kind": response.rating_kind or "",
        "rating": response.rating,
        "text": response.text,
        "label": response.label,
        "polarity": round(response.polarity, 3),
        "emotion": response.emotion_label,
        "emotion_score": round(response.emotion_score, 3),
        "language": response.language,
        "scorer": response.scorer,
        "themes": [themes.label(t, lang) for t in response.themes],
        "text_label": response.text_label or "",
        "text_polarity": None if response.text_polarity is None else round(response.text_polarity, 3),
        "text_contradicts_face": bool(response.text_contradicts_face),
    }
    if explained:
        row["explanation"] = reader_explanation(response, themes, lang) if response.text else None
    return row


def safe_cell(value) -> str:
    """A CSV cell a spreadsheet will not run as a formula: text starting with = + - @ gets a leading quote."""
    if value is None:
        return ""
    if not isinstance(value, str):  # numbers (a polarity of -0.6) stay numbers
        return str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def export_csv(session: Session, query: ResponseQuery, batch_size: int = 1000) -> Iterator[str]:
    """The filtered answers as CSV text chunks: UTF-8 BOM first (Excel), a header, then batches of rows."""
    names = Names.load(session)
    statement = _filtered(session, query)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield "\ufeff" + buffer.getvalue()
    offset = 0
    while True:
        batch = list(session.exec(statement.offset(offset).limit(batch_size)))
        if not batch:
            return
        buffer.seek(0)
        buffer.truncate()
        for response in batch:
            row = _row(response, names, "en")
            row["themes"] = "; ".join(row["themes"])
            writer.writerow([safe_cell(row[column]) for column in CSV_COLUMNS])
        yield buffer.getvalue()
        offset += batch_size
