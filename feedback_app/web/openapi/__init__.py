"""The OpenAPI 3.1 document of the JSON API, written by hand to say what the code does: the paths
(paths.py), the schemas (schemas.py), and here the document that joins them.

`tests/web/test_openapi.py` checks that every API route is in it, and runs schemathesis against a live server
with it (no 5xx for any input it can think of).
"""

from __future__ import annotations

from feedback_app.web.openapi.customer_paths import CUSTOMER_PATHS
from feedback_app.web.openapi.paths import PATHS
from feedback_app.web.openapi.schemas import SCHEMAS

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "Journey feedback API",
        "version": "1",
        "description": "Touchpoint events in; journeys and the live customer journey map out.",
    },
    "paths": {**PATHS, **CUSTOMER_PATHS},
    "components": {
        "securitySchemes": {
            "apiKey": {
                "type": "http",
                "scheme": "bearer",
                "description": "An API key from `feedback-app create-api-key NAME`: Authorization: Bearer KEY",
            },
            "session": {
                "type": "apiKey",
                "in": "cookie",
                "name": "session",
                "description": "A logged-in staff user's session (the pages use it)",
            },
        },
        "schemas": SCHEMAS,
    },
}


def openapi_document(base_url: str | None = None) -> dict:
    """The document, with the server it is served from."""
    return {**DOCUMENT, "servers": [{"url": base_url}]} if base_url else DOCUMENT
