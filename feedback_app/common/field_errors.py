"""Errors a person can act on field by field: `errors` maps a field (or question) to what is wrong with it,
or to a list of such texts when one field has several problems (a trigger's conditions)."""

from __future__ import annotations


class FieldErrors(ValueError):
    def __init__(self, errors: dict[str, str | list[str]]):
        super().__init__(
            "; ".join(
                f"{k}: {v}"
                for k, problems in errors.items()
                for v in (problems if isinstance(problems, list) else [problems])
            )
        )
        self.errors = errors
