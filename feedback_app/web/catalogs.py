"""Translation catalogs: the .po files in the repository are the source; the .mo files are built from them.

The binary .mo is never committed: it is compiled here (at app start, or by `pybabel compile`) whenever it
is missing or older than its .po, so a translator's edit shows up at the next start.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

log = logging.getLogger(__name__)
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def compile_catalogs(directory: Path = TRANSLATIONS) -> list[Path]:
    """Compiles every stale `<lang>/LC_MESSAGES/*.po`; returns the .mo files written."""
    written = []
    for po_path in sorted(directory.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        # Workers starting together each write their own file and rename it: nobody reads half a catalog.
        handle, temporary = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
        with os.fdopen(handle, "wb") as mo_file:
            write_mo(mo_file, catalog)
        os.replace(temporary, mo_path)
        written.append(mo_path)
        log.info("compiled %s (%d messages)", mo_path, len(catalog))
    return written
