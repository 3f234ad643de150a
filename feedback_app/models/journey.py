"""A journey map: its personas, stages (columns), touchpoints, channels and authored lane cells."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, UniqueConstraint, event
from sqlmodel import Field, Session, SQLModel, select

from feedback_app.common.clock import utcnow

MAP_TYPES = ("current_state", "day_in_the_life", "future_state", "service_blueprint")

# Lanes in the order a map shows them; emotions and pain_points are live (from answers).
LANES = (
    "persona",
    "touchpoints",
    "channels",
    "process",
    "emotions",
    "pain_points",
    "internal_actors",
    "internal_channels",
    "internal_process",
    "internal_pain_points",
    "opportunities",
)
LIVE_LANES = ("emotions", "pain_points")
# Lanes the CX team writes by hand, one cell per stage; the internal ones sit below the line of visibility.
INTERNAL_LANES = ("internal_actors", "internal_channels", "internal_process", "internal_pain_points")
AUTHORED_LANES = ("process", *INTERNAL_LANES, "opportunities")
REVIEW_CADENCES = ("monthly", "quarterly")


class Journey(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, unique=True, max_length=80)
    name: str = Field(max_length=200)
    goal: str = ""
    map_type: str = Field(default="current_state", max_length=32)
    review_cadence: str = Field(default="monthly", max_length=16)
    created_at: datetime = Field(default_factory=utcnow)
    translations: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))


class Persona(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = Field(foreign_key="journey.id", index=True)
    key: str = Field(max_length=80)
    name: str = Field(max_length=200)
    description: str = ""
    details: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    translations: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))


class Stage(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("journey_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = Field(foreign_key="journey.id", index=True)
    key: str = Field(max_length=80)
    name: str = Field(max_length=200)
    name_id: str = Field(default="", max_length=200)
    position: int = 0
    target_emotion: float | None = None  # future-state maps: where the team wants this stage to be (-1..1)
    hidden_at: datetime | None = None  # removed while answers were attached: hidden, answers kept


class Channel(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("journey_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = Field(foreign_key="journey.id", index=True)
    key: str = Field(max_length=80)
    name: str = Field(max_length=200)
    translations: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))


class Touchpoint(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("journey_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = Field(foreign_key="journey.id", index=True)
    stage_id: int = Field(foreign_key="stage.id", index=True)
    channel_id: int | None = Field(default=None, foreign_key="channel.id")
    key: str = Field(index=True, max_length=80)
    name: str = Field(max_length=200)
    position: int = 0
    translations: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))


class LaneCell(SQLModel, table=True):
    """What the CX team wrote in one authored lane for one stage."""

    __table_args__ = (UniqueConstraint("journey_id", "stage_id", "lane"),)
    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = Field(foreign_key="journey.id", index=True)
    stage_id: int = Field(foreign_key="stage.id")
    lane: str = Field(max_length=40)
    content: str = ""
    translations: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))


# Journey content in both languages: `translations` holds {"id": {field: text}, "en": {field: text}} beside the
# column as it was written; readers get their language, else the other, else that column (see `in_language`).
# A persona's details are fields too: their text as written is `details[field]`.
CONTENT_LANGUAGES = ("id", "en")
PERSONA_DETAILS = ("demographics", "psychographics", "goals", "frustrations", "channels")
TRANSLATED_FIELDS = {
    "journey": ("name", "goal"),
    "persona": ("name", "description", *PERSONA_DETAILS),
    "touchpoint": ("name",),
    "channel": ("name",),
    "cell": ("content",),
}


def in_language(row: Journey | Persona | Touchpoint | Channel | LaneCell, field: str, lang: str) -> str:
    """`field` of a journey's content in `lang`: its translation, else the other language's, else the text as
    written (maps made before both languages existed)."""
    translations = row.translations or {}
    for language in (lang, *(other for other in CONTENT_LANGUAGES if other != lang)):
        translated = (translations.get(language) or {}).get(field)
        if translated:
            return translated
    return as_written(row, field)


def as_written(row: Journey | Persona | Touchpoint | Channel | LaneCell, field: str) -> str:
    """The text of `field` as it was written: its column, or for a persona's details its entry there."""
    if isinstance(row, Persona) and field in PERSONA_DETAILS:
        return str((row.details or {}).get(field) or "")
    return getattr(row, field)


def details_in_language(persona: Persona, lang: str) -> dict[str, str]:
    """A persona's details in `lang`, field by field as `in_language` reads them (only fields with a text)."""
    return {field: text for field in PERSONA_DETAILS if (text := in_language(persona, field, lang))}


def both_languages(row: Journey | Persona | Touchpoint | Channel | LaneCell, field: str) -> dict[str, str]:
    """`field` in each content language, each falling back to the text as written (the editor's two inputs)."""
    return {lang: in_language(row, field, lang) for lang in CONTENT_LANGUAGES}


def write_as_written(row: Journey | Persona | Touchpoint | Channel | LaneCell, field: str, text: str) -> None:
    """Set the text of `field` as written (as_written's counterpart); the listeners below then drop its
    translations."""
    if isinstance(row, Persona) and field in PERSONA_DETAILS:
        row.details = {**(row.details or {}), field: text}
    else:
        setattr(row, field, text)


def _drop_translations(target, fields: set[str]) -> None:
    """The map editor's forms write the text as written (a rename, a new cell text, a persona's details): those
    fields' translations are then out of date, so they are dropped and the new text shows in both languages until
    translated again."""
    texts = target.__dict__.get("translations")
    if texts and fields:
        target.translations = {
            lang: {k: v for k, v in by_field.items() if k not in fields} for lang, by_field in texts.items()
        }


def _forget_translations_on_edit(model: type, field: str) -> None:
    @event.listens_for(getattr(model, field), "set")
    def forget(target, value, old, _initiator) -> None:
        if isinstance(old, str) and value != old:
            _drop_translations(target, {field})


@event.listens_for(Persona.details, "set")
def _forget_detail_translations(target, value, old, _initiator) -> None:
    if isinstance(old, dict) and isinstance(value, dict):
        _drop_translations(target, {f for f in PERSONA_DETAILS if (old.get(f) or "") != (value.get(f) or "")})


TRANSLATED_MODELS = {
    "journey": Journey,
    "persona": Persona,
    "touchpoint": Touchpoint,
    "channel": Channel,
    "cell": LaneCell,
}
for _kind, _model in TRANSLATED_MODELS.items():
    for _field in TRANSLATED_FIELDS[_kind]:
        if not (_model is Persona and _field in PERSONA_DETAILS):  # details: one listener on the whole dict above
            _forget_translations_on_edit(_model, _field)


class JourneyNotFound(LookupError):
    """No journey has this slug: pages answer 404, the API 404 JSON, the CLI an error line."""


def find_journey(session: Session, slug: str) -> Journey | None:
    """The journey whose address is `slug`, or None: the one look-up by slug every area uses."""
    return session.exec(select(Journey).where(Journey.slug == slug)).first()


def get_journey(session: Session, slug: str) -> Journey:
    """The journey whose address is `slug`; JourneyNotFound when there is none."""
    journey = find_journey(session, slug)
    if journey is None:
        raise JourneyNotFound(slug)
    return journey


def list_journeys(session: Session) -> list[dict]:
    """Every journey by name, as the maps index, the dashboards, the API and the response browser list them."""
    rows = session.exec(select(Journey).order_by(Journey.name))
    return [
        {
            "slug": j.slug,
            "name": j.name,
            "names": both_languages(j, "name"),
            "map_type": j.map_type,
            "goal": j.goal,
            "goals": both_languages(j, "goal"),
        }
        for j in rows
    ]
