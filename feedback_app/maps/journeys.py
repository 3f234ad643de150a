"""Editing journeys and their personas: the CX manager's use cases, each a function taking a session.

Every validation problem is raised as a MapEditError naming the field and what to do, so the page can show
it beside the right input and the API can return it as JSON.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import delete, func
from sqlmodel import Session, select

from feedback_app.common.texts import N_, Text, TextError
from feedback_app.models import (
    MAP_TYPES,
    Channel,
    Customer,
    Invitation,
    Journey,
    LaneCell,
    MapSnapshot,
    OpportunityDecision,
    Persona,
    Response,
    Stage,
    StageRollup,
    Touchpoint,
    TouchpointEvent,
    Trigger,
    find_journey,
    get_journey,
)
from feedback_app.models.insight import RatingRollup, ThemeMonthRollup, ThemeRollup
from feedback_app.models.journey import PERSONA_DETAILS, REVIEW_CADENCES
from feedback_app.models.notification import StageOwner
from feedback_app.models.theme import JourneyTheme, RescoreRequest
from feedback_app.models.trigger import RecurringRun

MAX_PERSONAS = 2
PERSONA_FIELD_NAMES = {
    "demographics": N_("Demographics"),
    "psychographics": N_("Psychographics"),
    "goals": N_("Goals"),
    "frustrations": N_("Frustrations"),
    "channels": N_("Preferred channels"),
}
# Avatar backgrounds that keep white initials above 4.5:1 contrast.
AVATAR_COLOURS = ("#0b6e4f", "#1d4ed8", "#9d174d", "#7c2d12", "#5b21b6", "#155e75", "#3f6212", "#b42318")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_GOAL = 2000
MAX_PERSONA_DETAIL = 500
TOO_LONG = {
    "name": N_("Keep the name under %(max)d characters."),
    "channel_name": N_("Keep the channel name under %(max)d characters."),
}


class MapEditError(TextError):
    """A change the map cannot take, with the form field it is about (a texts.Text the page translates)."""

    def __init__(self, message: str, field: str = "", **params):
        super().__init__(message, field, **params)


def slugify(text: str, separator: str = "-", max_length: int = 80) -> str:
    """'Katering Sehat: Langganan!' -> 'katering-sehat-langganan' (ASCII, lower case, for URLs and keys)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return separator.join(words)[:max_length].strip(separator)


def free_key(base: str, taken: set[str], separator: str = "_", tries: int = 999) -> str:
    """`base`, or the first of base_2, base_3, … (up to `tries` in all) that is not `taken`."""
    return next(k for k in (base if n == 1 else f"{base}{separator}{n}" for n in range(1, tries + 1)) if k not in taken)


def create_journey(
    session: Session,
    name: str,
    goal: str = "",
    map_type: str = "current_state",
    review_cadence: str = "monthly",
    slug: str | None = None,
) -> Journey:
    """A new, empty journey; its slug (the map's address) comes from the name unless one is given."""
    name = _required(name, "name", N_("Give the journey a name."))
    slug = (slug or "").strip() or slugify(name)
    if not SLUG_PATTERN.match(slug) or len(slug) > 80:
        raise MapEditError(
            N_("'%(slug)s' can't be an address: use lower-case letters, digits and single hyphens."), "slug", slug=slug
        )
    if find_journey(session, slug) is not None:
        raise MapEditError(
            N_("Another journey already uses the address '%(slug)s': choose another name or address."),
            "slug",
            slug=slug,
        )
    journey = Journey(slug=slug, name=name)
    _apply_settings(journey, goal, map_type, review_cadence)
    session.add(journey)
    session.flush()
    return journey


def update_journey(session: Session, slug: str, name: str, goal: str, map_type: str, review_cadence: str) -> Journey:
    """Change what the map is for and how it is shown; the slug stays so links keep working."""
    journey = get_journey(session, slug)
    journey.name = _required(name, "name", N_("Give the journey a name."))
    _apply_settings(journey, goal, map_type, review_cadence)
    session.add(journey)
    return journey


def _apply_settings(journey: Journey, goal: str, map_type: str, review_cadence: str) -> None:
    if map_type not in MAP_TYPES:
        raise MapEditError(
            N_("Unknown map type '%(map_type)s': choose one of %(map_types)s."),
            "map_type",
            map_type=map_type,
            map_types=", ".join(MAP_TYPES),
        )
    if review_cadence not in REVIEW_CADENCES:
        raise MapEditError(N_("The review cadence is monthly or quarterly."), "review_cadence")
    if len(goal or "") > MAX_GOAL:
        raise MapEditError(N_("Keep the goal under %(max)d characters."), "goal", max=MAX_GOAL)
    journey.goal, journey.map_type, journey.review_cadence = (goal or "").strip(), map_type, review_cadence


def feedback_recorded(
    session: Session, journey_id: int, stage_id: int | None = None, touchpoint_ids: list[int] | None = None
) -> dict:
    """How many answers and events are attached to a journey, or to one of its stages or touchpoints."""
    answers = select(func.count()).select_from(Response).where(Response.journey_id == journey_id)
    events = select(func.count()).select_from(TouchpointEvent).where(TouchpointEvent.journey_id == journey_id)
    if stage_id is not None:
        answers = answers.where(Response.stage_id == stage_id)
    if touchpoint_ids is not None:
        answers = answers.where(Response.touchpoint_id.in_(touchpoint_ids)) if stage_id is None else answers
        events = events.where(TouchpointEvent.touchpoint_id.in_(touchpoint_ids))
    return {"answers": session.exec(answers).one(), "events": session.exec(events).one()}


def journey_deletion(session: Session, slug: str) -> dict:
    """The journey and the answers and events recorded for it, for the warning before deleting it."""
    journey = get_journey(session, slug)
    return {"journey": journey, "recorded": feedback_recorded(session, journey.id)}


def delete_journey(session: Session, slug: str) -> None:
    """Delete a journey that has no recorded feedback; with answers or events it is refused (they'd be lost)."""
    journey = get_journey(session, slug)
    recorded = feedback_recorded(session, journey.id)
    if recorded["answers"] or recorded["events"]:
        raise MapEditError(
            N_(
                "'%(name)s' has %(answers)d answers and %(events)d events. A journey with recorded "
                "feedback can't be deleted; its answers would be lost."
            ),
            "slug",
            name=journey.name,
            **recorded,
        )
    touchpoint_ids = [t.id for t in session.exec(select(Touchpoint).where(Touchpoint.journey_id == journey.id))]
    _delete_journey_settings(session, journey.id)
    for model in (
        LaneCell,
        OpportunityDecision,
        MapSnapshot,
        StageRollup,
        ThemeRollup,
        ThemeMonthRollup,
        RatingRollup,
        Invitation,
        Trigger,
        JourneyTheme,
        RescoreRequest,
    ):
        session.exec(delete(model).where(model.journey_id == journey.id))
    session.exec(delete(Touchpoint).where(Touchpoint.id.in_(touchpoint_ids)))
    persona_ids = [p.id for p in session.exec(select(Persona).where(Persona.journey_id == journey.id))]
    for customer in session.exec(select(Customer).where(Customer.persona_id.in_(persona_ids))):
        customer.persona_id = None
        session.add(customer)
    session.flush()
    for model in (Persona, Channel, Stage):
        session.exec(delete(model).where(model.journey_id == journey.id))
    session.delete(journey)


def _delete_journey_settings(session: Session, journey_id: int) -> None:
    """Rows that point at the journey's stages and triggers without a journey_id of their own."""
    stage_ids = select(Stage.id).where(Stage.journey_id == journey_id)
    trigger_ids = select(Trigger.id).where(Trigger.journey_id == journey_id)
    session.exec(delete(StageOwner).where(StageOwner.stage_id.in_(stage_ids)))
    session.exec(delete(RecurringRun).where(RecurringRun.trigger_id.in_(trigger_ids)))


def save_persona(
    session: Session, slug: str, name: str, details: dict, description: str = "", key: str | None = None
) -> Persona:
    """Create a persona (a journey has one or two), or change the one with this key."""
    journey = get_journey(session, slug)
    name = _required(name, "name", N_("Give the persona a name, e.g. 'Rina, busy young professional'."))
    clean = {field: str(details.get(field) or "").strip() for field in PERSONA_DETAILS}
    too_long = next((field for field, value in clean.items() if len(value) > MAX_PERSONA_DETAIL), None)
    if too_long:
        raise MapEditError(
            N_("Keep “%(field)s” under %(max)d characters."),
            too_long,
            field=Text(PERSONA_FIELD_NAMES[too_long]),
            max=MAX_PERSONA_DETAIL,
        )
    if key:
        persona = _persona(session, journey, key)
    else:
        count = session.exec(select(func.count()).select_from(Persona).where(Persona.journey_id == journey.id)).one()
        if count >= MAX_PERSONAS:
            raise MapEditError(
                N_("A map has at most %(max)d personas: edit or remove one first."), "name", max=MAX_PERSONAS
            )
        persona = Persona(journey_id=journey.id, key=_free_persona_key(session, journey, name), name=name)
    persona.name, persona.description, persona.details = name, (description or "").strip(), clean
    session.add(persona)
    session.flush()
    return persona


def remove_persona(session: Session, slug: str, key: str) -> None:
    """Remove a persona; refused while answers are filed under it (the persona filter would lose them)."""
    journey = get_journey(session, slug)
    persona = _persona(session, journey, key)
    answers = session.exec(select(func.count()).select_from(Response).where(Response.persona_id == persona.id)).one()
    if answers:
        raise MapEditError(
            N_("%(answers)d answers are filed under '%(name)s', so it can't be removed: edit it instead."),
            "key",
            answers=answers,
            name=persona.name,
        )
    for customer in session.exec(select(Customer).where(Customer.persona_id == persona.id)):
        customer.persona_id = None
        session.add(customer)
    session.flush()
    session.delete(persona)


def persona_avatar(name: str, key: str) -> dict:
    """A photo-less avatar: up to two initials on a colour fixed by the persona's key."""
    initials = "".join(word[0] for word in re.findall(r"[^\W\d_]+", name)[:2]).upper() or "?"
    return {"initials": initials, "colour": AVATAR_COLOURS[sum(map(ord, key)) % len(AVATAR_COLOURS)]}


def _persona(session: Session, journey: Journey, key: str) -> Persona:
    persona = session.exec(select(Persona).where(Persona.journey_id == journey.id, Persona.key == key)).first()
    if persona is None:
        raise MapEditError(N_("No persona '%(key)s' on this map."), "key", key=key)
    return persona


def _free_persona_key(session: Session, journey: Journey, name: str) -> str:
    base = slugify(name.split(",")[0]) or "persona"
    taken = set(session.exec(select(Persona.key).where(Persona.journey_id == journey.id)))
    return free_key(base, taken, "-", 99)


def _required(value: str | None, field: str, message: str, max_length: int = 200) -> str:
    """The trimmed value; `message` (an N_ text) says what to do when it is empty."""
    value = (value or "").strip()
    if not value:
        raise MapEditError(message, field)
    if len(value) > max_length:
        raise MapEditError(TOO_LONG.get(field, N_("Keep it under %(max)d characters.")), field, max=max_length)
    return value
