"""Logs without credentials: the token in a survey link (`/s/<token>`), an opt-out link (`/u/<token>`) or a
trigger's preview (`/preview/<token>`), and a `token` or `key` query parameter, are written as `[redacted]`.

A token is the customer's whole credential (answer the survey, opt out), and access logs are read by more
people and kept longer than the database. gunicorn's access log (`serve` passes `--logger-class`) and the dev
server's (werkzeug) both go through `redact`, and so does every record our own loggers write.
"""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger as GunicornLogger

REDACTED = "[redacted]"
TOKEN_IN_PATH = re.compile(r"(/(?:s|u|preview)/)[^/?#\s\"']+")
TOKEN_IN_QUERY = re.compile(r"([?&;](?:token|key|api_key|access_token)=)[^&#;\s\"']*", re.IGNORECASE)


def redact(text: str) -> str:
    """`text` (a request line, a path, a URL) with link tokens and token parameters replaced."""
    return TOKEN_IN_QUERY.sub(rf"\1{REDACTED}", TOKEN_IN_PATH.sub(rf"\1{REDACTED}", text))


class RedactCredentials(logging.Filter):
    """Rewrites each record's message with `redact` (the record keeps no arguments that could hold a token)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class RedactingAccessLogger(GunicornLogger):
    """gunicorn's logger with every access-log field (request line, path, query, referer) redacted."""

    def atoms(self, resp, req, environ, request_time) -> dict:
        return {
            name: redact(value) if isinstance(value, str) else value
            for name, value in super().atoms(resp, req, environ, request_time).items()
        }


GUNICORN_LOGGER_CLASS = f"{__name__}.{RedactingAccessLogger.__name__}"


def init_app() -> None:
    """Redact the dev server's request log and whatever reaches the root handlers (our loggers, Flask's)."""
    for target in (logging.getLogger("werkzeug"), *logging.getLogger().handlers):
        if not any(isinstance(existing, RedactCredentials) for existing in target.filters):
            target.addFilter(RedactCredentials())
