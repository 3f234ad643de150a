"""Trigger pages for marketers (admins too): list, create, edit, pause, duplicate, delete, funnel
(editing.py); preview, test send, and the public preview of a questionnaire that a test e-mail links to
(previews.py). One blueprint, `triggers` (blueprint.py).
"""

from feedback_app.web.triggers import editing, previews  # noqa: F401 - their views join the blueprint
from feedback_app.web.triggers.blueprint import blueprint

__all__ = ["blueprint"]
