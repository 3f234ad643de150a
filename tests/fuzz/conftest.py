"""Fuzz fixtures: one seeded app per backend for the whole folder (a fresh database per example would cost more
than the examples); each example compares row counts before and after, so what earlier examples stored is fine."""

from __future__ import annotations

import shutil

import pytest
from helpers import postgres_database, seeded_app_on


@pytest.fixture(scope="package", params=["sqlite", "postgresql"])
def fuzz_app(request, tmp_path_factory, migrated_template):
    folder = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FEEDBACK_INSTANCE_PATH", str(folder / "instance"))
        if request.param == "sqlite":
            shutil.copy(migrated_template, folder / "feedback.db")
            with seeded_app_on(f"sqlite:///{folder / 'feedback.db'}") as app:
                yield app
            return
        with postgres_database() as url, seeded_app_on(url) as app:
            yield app
