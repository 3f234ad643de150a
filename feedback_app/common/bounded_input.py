"""Input bounded at the edge: the limits the API, the CSV import, the forms and the query strings share, checked
before anything is parsed deeper or stored, so bad input is a message a person can act on and never a crash.

Why each bound exists: Python's parsers recurse (a JSON array nested 50,000 deep is a RecursionError); PostgreSQL
text and JSON hold no NUL character and no `Infinity`/`NaN`; a lone UTF-16 surrogate cannot be encoded to UTF-8;
dates near year 1 or 9999 overflow when moved to UTC or a day is added; PostgreSQL's INTEGER ids end at
2**31 - 1 (and SQLite's integers at 2**63 - 1).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from feedback_app.common.texts import N_, Text, TextError

MAX_JSON_DEPTH = 32  # an event is 4 deep (array, event, customer, attributes); room for extra fields
EARLIEST_MOMENT = datetime(2000, 1, 1, tzinfo=UTC)  # no customer event of this product is older
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)  # the days a filter may name
MAX_ID = 2**31 - 1  # ids are INTEGER columns: PostgreSQL's int4 ends here (SQLite's integers at 2**63 - 1)
MAX_PAGE = 100_000  # far past any real listing; keeps OFFSET small

_ESCAPE = re.compile(r"\\.", re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_UNSTORABLE_ESCAPE = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")  # how JSON text writes NUL or a surrogate
_UNSTORABLE_DUMPED = re.compile("\\\\u0000|[\ud800-\udfff]")  # json.dumps writes NUL as \u0000


class BoundedInputError(TextError):
    """Input outside the bounds; the Text says which bound and what to do."""


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether JSON text nests arrays and objects deeper than `limit`, read without parsing it (strings left out),
    so a hostile body never reaches a recursive parser. C-speed string operations; Python only walks brackets."""
    if text.count("[") + text.count("{") <= limit:
        return False
    if "\\" in text:
        text = _ESCAPE.sub("", text)  # an escaped quote is no string's end
    outside_strings = "".join(text.split('"')[::2])
    depth = 0
    for bracket in _NOT_BRACKET.sub("", outside_strings):
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return True
    return False


def _refuse_constant(name: str) -> Any:
    raise BoundedInputError(N_("%(name)s is not a number JSON can hold; send a finite number"), name=name)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise BoundedInputError(N_("the number %(number)s is too large; send a finite number"), number=text[:40])
    return value


@dataclass(frozen=True)
class JSONBody:
    """A parsed request body; `storable` is True when no string in it can hold a NUL or a lone surrogate (its text
    has no such escape), so the per-value check (`value_problem`) may be skipped on the hot path."""

    value: Any
    storable: bool


def load_bounded_json(data: bytes | str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """JSON text (bytes in UTF-8, -16 or -32) -> Python values, or a BoundedInputError that says what is wrong:
    not text, not JSON (with line and column), nested deeper than `max_depth`, or a number that is not finite."""
    return parse_json_body(data, max_depth).value


def parse_json_body(data: bytes | str, max_depth: int = MAX_JSON_DEPTH) -> JSONBody:
    """As `load_bounded_json`, and whether the values are storable as they are (see JSONBody)."""
    decoded = isinstance(data, bytes)  # strictly decoded text holds no lone surrogate
    if decoded:
        try:
            data = data.decode(json.detect_encoding(data))
        except UnicodeDecodeError as exc:
            raise BoundedInputError(N_("the body is not UTF-8 text (byte %(position)d)"), position=exc.start) from None
    if json_too_deep(data, max_depth):
        raise BoundedInputError(N_("the JSON nests deeper than %(max)d levels"), max=max_depth)
    try:
        value = json.loads(data, parse_constant=_refuse_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        raise BoundedInputError(
            N_("not valid JSON: line %(line)d, column %(column)d: %(problem)s"),
            line=exc.lineno,
            column=exc.colno,
            problem=exc.msg,
        ) from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        if isinstance(exc, BoundedInputError):
            raise
        raise BoundedInputError(N_("a number in the JSON is too long")) from None
    # JSON refuses a raw NUL in a string; what remains is an escape such as \u0000 or \ud800
    storable = _UNSTORABLE_ESCAPE.search(data) is None and (decoded or _UNSTORABLE.search(data) is None)
    return JSONBody(value, storable)


def text_problem(text: str) -> str | None:
    """Why a string cannot be stored as it is (a NUL character, a lone surrogate), or None."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return N_("holds a NUL character (\\u0000), which cannot be stored")
    return N_("holds a lone surrogate (%(char)s), which is not valid Unicode text")


def value_problem(value: Any, path: str = "") -> tuple[str, Text] | None:
    """The first place in parsed JSON that cannot be stored, as (path such as 'customer.name', reason), or None:
    a string or key that `text_problem` refuses, or a number that is not finite. Never recurses (depth is
    bounded where JSON is parsed: `load_bounded_json`)."""
    if _surely_storable(value):
        return None
    pending = [(path, value)]
    while pending:
        where, item = pending.pop()
        if isinstance(item, str):
            problem = text_problem(item)
            if problem:
                return where, Text(problem, char=_escaped(item))
        elif isinstance(item, float) and not math.isfinite(item):
            return where, Text(N_("must be a finite number"))
        elif isinstance(item, Mapping):
            for key, child in item.items():
                key_problem = text_problem(str(key))
                if key_problem:
                    return (where or "(field name)"), Text(key_problem, char=_escaped(str(key)))
                pending.append((f"{where}.{key}" if where else str(key), child))
        elif isinstance(item, (list, tuple)):
            pending.extend((f"{where}[{index}]", child) for index, child in enumerate(item))
    return None


def _surely_storable(value: Any) -> bool:
    """The common case at C speed: no NaN/Infinity, NUL or lone surrogate. False only means "look closer" (an
    escaped backslash before 'u0000' says False too)."""
    try:
        dumped = json.dumps(value, ensure_ascii=False, allow_nan=False, check_circular=False)
    except (ValueError, TypeError, RecursionError):
        return False
    return _UNSTORABLE_DUMPED.search(dumped) is None


def _escaped(text: str) -> str:
    found = _UNSTORABLE.search(text)
    return f"\\u{ord(found.group()):04x}" if found else ""


def strip_nul(text: str) -> str:
    """Free text a person typed, without NUL characters (which no one means to type and PostgreSQL cannot store)."""
    return text.replace("\x00", "") if "\x00" in text else text


def day_in_window(day: date, name: str) -> date:
    """A filter's day, or a BoundedInputError naming the parameter when it lies outside FIRST_DAY..LAST_DAY."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise BoundedInputError(
            N_("'%(name)s' must be a date between %(first)s and %(last)s"),
            name,
            name=name,
            first=FIRST_DAY.isoformat(),
            last=LAST_DAY.isoformat(),
        )
    return day


def bounded_int(text: str | None, name: str, low: int = 1, high: int = MAX_PAGE) -> int:
    """A whole number written in ASCII digits within low..high (a page number, an id in a query string), or a
    BoundedInputError naming the parameter."""
    value = (text or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= len(str(high)) and low <= int(value) <= high:
        return int(value)
    raise BoundedInputError(
        N_("'%(name)s' must be a whole number from %(low)d to %(high)d"), name, name=name, low=low, high=high
    )
