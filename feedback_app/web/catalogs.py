"""Translation catalogs: the .po files are the source; the .mo files are built from them.

The binary .mo is never committed. The wheel carries .mo files compiled at build time (setup.py runs
`compile_catalogs` on its build folder). A source checkout compiles them at app start into the instance folder
whenever one is missing or older than its .po, so a translator's edit shows up at the next start; either way
nothing is written into the package folder at run time. This module needs only Babel and the standard library,
so the build can load it without the app's dependencies.
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
CATALOG = "*/LC_MESSAGES/*.po"


def compile_catalogs(directory: Path = TRANSLATIONS, target: Path | None = None) -> list[Path]:
    """Compiles every stale `<lang>/LC_MESSAGES/*.po` of `directory` into the same place under `target` (by default
    beside the .po); returns the .mo files written."""
    written = []
    for po_path in sorted(directory.glob(CATALOG)):
        mo_path = (target or directory) / po_path.relative_to(directory).with_suffix(".mo")
        if _up_to_date(mo_path, po_path):
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        # Workers starting together each write their own file and rename it: nobody reads half a catalog.
        handle, temporary = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
        with os.fdopen(handle, "wb") as mo_file:
            write_mo(mo_file, catalog)
        os.replace(temporary, mo_path)
        written.append(mo_path)
        log.info("compiled %s (%d messages)", mo_path, len(catalog))
    return written


def catalog_directory(instance: Path, directory: Path = TRANSLATIONS) -> Path:
    """Where Flask-Babel reads the .mo files: the package's own when they were built with it (an installed wheel),
    else a copy compiled into the instance folder (a source checkout)."""
    sources = list(directory.glob(CATALOG))
    if all(_up_to_date(source.with_suffix(".mo"), source) for source in sources):
        return directory
    built = instance / "catalogs"
    compile_catalogs(directory, built)
    return built


def _up_to_date(mo_path: Path, po_path: Path) -> bool:
    return mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime
