"""Every request bounded at the edge, app-wide, before a view reads it (the limits are common.bounded_input's):

- `<int:…>` in a route matches only ids an INTEGER column can hold: past 2**31 - 1 is a 404, not an overflow;
- a NUL character (%00) in the path or the query string is a 400 (no key, slug or filter holds one, and
  PostgreSQL cannot compare text with one);
- NUL characters are taken out of form fields: no one means to type them, PostgreSQL cannot store them, and a
  customer's survey answer or a marketer's form is kept instead of refused.
"""

from __future__ import annotations

from flask import Flask, Request, abort, request
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

from feedback_app.common.bounded_input import MAX_ID, strip_nul


class BoundedIdConverter(IntegerConverter):
    """`<int:…>`: a non-negative whole number up to MAX_ID; anything larger is no page (404)."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = None, signed=False):
        largest = max if max is not None and max < MAX_ID else MAX_ID
        super().__init__(map, fixed_digits, min, largest, signed)


class BoundedRequest(Request):
    """Flask's request with NUL characters taken out of form field names and values."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form and any("\x00" in key or "\x00" in value for key, value in form.items(multi=True)):
            self.__dict__["form"] = ImmutableMultiDict(
                [(strip_nul(key), strip_nul(value)) for key, value in form.items(multi=True)]
            )


def refuse_nul_in_address() -> None:
    """400 for a NUL character in the path or the query string, in the API's words or the page's."""
    if "\x00" in request.path or b"%00" in request.query_string or b"\x00" in request.query_string:
        if request.path.startswith("/api/"):
            abort(400, description="the address holds a NUL character (%00); remove it")
        abort(400, description=_l("The address holds a NUL character; remove it and try again."))


def init_app(app: Flask) -> None:
    """Before any blueprint is registered: routes are bound to their converters when they are added."""
    app.url_map.converters["int"] = BoundedIdConverter
    app.request_class = BoundedRequest
    app.before_request(refuse_nul_in_address)
