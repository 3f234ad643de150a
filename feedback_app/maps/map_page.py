"""What the live map page shows: the map within its filters and, for the people who edit it, suggested
opportunities (opportunities), which always speak for the whole map."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from feedback_app.maps.live_map import MapFilters, build_map
from feedback_app.maps.opportunities import suggest_opportunities


@dataclass
class MapPage:
    """The map as the page shows it, and the suggestions beside it (none for a reader)."""

    journey_map: dict
    suggestions: list[dict]


def map_page(
    session: Session, slug: str, filters: MapFilters = MapFilters(), lang: str = "en", editor: bool = False
) -> MapPage:
    """The map within `filters`; an editor also gets suggestions, read from the whole map: they say "34 % of
    negative service answers", never a share of a filtered view."""
    journey_map = build_map(session, slug, filters, lang=lang)
    if not editor:
        return MapPage(journey_map, [])
    whole_map = None if any(filters.as_dict().values()) else journey_map  # None: built again, unfiltered
    return MapPage(journey_map, suggest_opportunities(session, slug, whole_map, lang))
