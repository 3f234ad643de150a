"""The triggers blueprint: its pages name the channels, and a trigger that is not there is a 404."""

from __future__ import annotations

from flask import Blueprint, abort

from feedback_app.triggers.editing import TriggerNotFound, get_trigger
from feedback_app.web.trigger_forms import CHANNEL_NAMES

blueprint = Blueprint("triggers", __name__)


@blueprint.context_processor
def _trigger_words():
    return {"channel_names": CHANNEL_NAMES}


def trigger_or_404(session, trigger_id: int):
    try:
        return get_trigger(session, trigger_id)
    except TriggerNotFound:
        abort(404)
