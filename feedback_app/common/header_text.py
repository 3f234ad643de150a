"""Text bound for a mail header (a customer's name in the Subject, an address in To): one line, no control
characters. A CR or LF there would start another header, and the standard library refuses such a message, so
an invitation holding one could never be sent. The edge (event API, CSV import) refuses them in names and
addresses; the mail builders flatten any stored before that rule existed.
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # C0 and C1 controls (CR, LF, TAB, NUL, NEL, ...)


def has_control_characters(text: str | None) -> bool:
    return bool(text) and CONTROL.search(text) is not None


def one_line(text: str | None) -> str:
    """`text` with every control character (line breaks included) turned into a space, spaces collapsed."""
    return " ".join(CONTROL.sub(" ", text or "").split())
