"""The Vega bundle (vega, vega-lite, vega-embed) served from /vendor: charts render with no internet.

vl-convert ships the libraries. The wheel carries the bundle, written at build time (setup.py calls
`write_vega_bundle`); a source checkout writes it once into the instance folder. Nothing is written into the
package folder at run time. `write_vega_bundle` needs only vl-convert, so the build can load this module alone.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

BUNDLE = "vendor/vega-bundle.js"
PACKAGED = Path(__file__).resolve().parent.parent / "static" / BUNDLE


def write_vega_bundle(target: Path) -> Path:
    """Write the bundle to `target` unless it is there; atomic, so parallel starts never see half a file."""
    if target.exists() and target.stat().st_size > 0:
        return target
    import vl_convert

    target.parent.mkdir(parents=True, exist_ok=True)
    # The bundle declares top-level consts; wrapped in a function they cannot clash with other scripts.
    source = "(function () {\n" + vl_convert.javascript_bundle() + "\n})();\n"
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".vega-bundle-", suffix=".js")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(source)
    os.chmod(temporary, 0o644)
    os.replace(temporary, target)
    log.info("wrote the Vega bundle to %s (%d KB)", target, len(source) // 1024)
    return target


def vega_bundle(instance: Path) -> Path:
    """The packaged bundle of an installed wheel, else the instance folder's copy (written on first use)."""
    return PACKAGED if PACKAGED.is_file() else write_vega_bundle(instance / BUNDLE)
