"""SCORER_VERSION: changes whenever the model files or the rules change.

Computed as RULES_VERSION (bump it when scoring code changes behaviour) plus a short hash of
every file under data/ (models, lexicons, themes), so a retrained model is a new version
without anyone remembering to bump anything.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from feedback_app.scoring import resources

RULES_VERSION = "2026.12-r14"


def data_digest(folder: Path | None = None) -> str:
    """sha256 over the names and bytes of the data files, in name order."""
    digest = hashlib.sha256()
    for path in sorted((folder or resources.DATA).iterdir()):
        if path.is_file() and not path.name.startswith("."):
            digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def scorer_version() -> str:
    """e.g. '2026.11-r2+885865b3'; '…+a1b2c3d4' with a deployment's learned adaptation (adaptation.py)."""
    learned = resources.adaptation()
    return base_version() + (f"+a{learned['digest']}" if learned else "")


@resources.derived_from_data
@cache
def base_version() -> str:
    """The version of the package's own models and rules, without any adaptation."""
    return f"{RULES_VERSION}+{data_digest()[:8]}"
