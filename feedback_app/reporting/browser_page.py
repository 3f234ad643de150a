"""The response browser's page: the answers a query finds (response_browser), its filters as the form holds them,
and what the filter menus offer: every journey, and the chosen journey's stages, personas, channels and touchpoints."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from feedback_app.common.texts import in_language
from feedback_app.models import JourneyNotFound, list_journeys
from feedback_app.reporting.dashboards import DashboardFilters, JourneyParts
from feedback_app.reporting.response_browser import ResponseQuery, browse


@dataclass
class BrowserPage:
    """One page of answers (browse's result), the query's filter fields and the filter menus."""

    result: dict
    filters: dict
    choices: dict


def browser_page(session: Session, query: ResponseQuery, lang: str = "en") -> BrowserPage:
    """The answers `query` finds, stage and theme names for a reader of `lang`, with the filter form's values."""
    filters = DashboardFilters(query.start, query.end, query.persona, query.channel, query.touchpoint).as_dict()
    return BrowserPage(browse(session, query, lang), filters, filter_choices(session, query.journey, lang))


def filter_choices(session: Session, slug: str | None, lang: str = "en") -> dict:
    """Filter options of the chosen journey (or of the only one); none when several and none is chosen."""
    journeys = [(j["slug"], j["names"].get(lang, j["name"])) for j in list_journeys(session)]
    if not slug and len(journeys) == 1:  # one journey: its stages, personas, … are the only choices anyway
        slug = journeys[0][0]
    try:
        parts = JourneyParts.load(session, slug) if slug else None
    except JourneyNotFound:
        parts = None
    if parts is None:
        return {"journeys": journeys, "stages": [], "personas": [], "channels": [], "touchpoints": []}
    stages = [(s.key, in_language(s.name, s.name_id, lang)) for s in parts.stages]
    return {"journeys": journeys, "stages": stages, **parts.choices(lang)}
