"""Every setting an operator can give is in the README's Configuration table."""

from __future__ import annotations

import dataclasses
import re

from feedback_app.config import PREFIX, PROJECT_ROOT, Settings


def test_every_setting_is_in_the_readme_configuration_table():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`(FEEDBACK_[A-Z_]+)`", section))
    settings = {PREFIX + field.name.upper() for field in dataclasses.fields(Settings)} | {"FEEDBACK_INSTANCE_PATH"}
    assert sorted(settings - documented) == []
    assert sorted(documented - settings) == []  # no row for a variable that nothing reads
