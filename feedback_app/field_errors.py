"""Errors a person can act on field by field: `errors` maps a field (or question) to what is wrong with it."""
from __future__ import annotations


class FieldErrors(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
