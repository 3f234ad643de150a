"""The map's filter parameters, read the same way by the API, the map pages, the dashboards and the exports."""

from __future__ import annotations

from feedback_app.common.clock import day_param
from feedback_app.common.texts import N_, TextError
from feedback_app.maps.live_map import MapFilters


def parse_map_filters(args) -> MapFilters:
    """?from=YYYY-MM-DD&to=YYYY-MM-DD&persona=KEY&channel=KEY&touchpoint=KEY -> MapFilters; a TextError (a
    ValueError) on bad dates, in English for the API and translated by the pages."""
    start, end = day_param(args, "from"), day_param(args, "to")
    if start and end and start > end:
        raise TextError(N_("'from' is after 'to'"), "to")
    return MapFilters(
        start=start,
        end=end,
        persona=args.get("persona") or None,
        channel=args.get("channel") or None,
        touchpoint=args.get("touchpoint") or None,
    )
