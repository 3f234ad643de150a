"""Editing a journey map (CX managers and admins): each view parses a form, calls one use case, redirects.

Forms post with a CSRF token and work without JavaScript; the map's in-place cell editor posts the same
form with `Accept: application/json` and gets JSON back instead of a redirect.

One blueprint, `map_editing` (blueprint.py, with how an edit runs), whose views live by what they edit:
the journey, its settings and personas (journey.py); its stages and cells (stages.py); its channels and
touchpoints (touchpoints.py); what a review decides, opportunities and snapshots (review.py); the content in
both languages (translations.py); who is alerted about low answers on each stage (owners.py).
"""

from feedback_app.web.map_editing import journey, owners, review, stages, touchpoints, translations  # noqa: F401 - their views join it
from feedback_app.web.map_editing.blueprint import blueprint

__all__ = ["blueprint"]
