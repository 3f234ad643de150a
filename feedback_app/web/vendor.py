"""The Vega bundle (vega, vega-lite, vega-embed) served from /static/vendor: charts render with no internet.

vl-convert ships the libraries; `ensure_vega_bundle` writes them once (first start, or test set-up) and is a
cheap existence check afterwards. The file is git-ignored: it is generated, never edited.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

BUNDLE = "vendor/vega-bundle.js"


def ensure_vega_bundle(static_folder: str | Path) -> Path:
    """Write static/vendor/vega-bundle.js unless it is there; atomic, so parallel starts never see half a file."""
    target = Path(static_folder) / BUNDLE
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
