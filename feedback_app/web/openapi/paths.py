"""The OpenAPI document's paths: each API route, its parameters and its answers (schemas in schemas.py)."""

from __future__ import annotations

from feedback_app.invitations.events import MAX_BATCH


def _json(schema: dict) -> dict:
    """The content of a JSON request or answer."""
    return {"application/json": {"schema": schema}}


def _error(description: str) -> dict:
    return {"description": description, "content": _json({"$ref": "#/components/schemas/Error"})}


ERRORS = {"401": _error("No API key (or an invalid one), and no logged-in user where that is allowed")}


def _query_filter(name: str, meaning: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "description": meaning, "schema": schema}


def _date_filter(name: str, meaning: str) -> dict:
    return _query_filter(name, meaning, {"type": "string", "format": "date"})


def _key_filter(name: str) -> dict:
    return _query_filter(name, f"Only answers of this {name} (key)", {"type": "string"})


PATHS = {
    "/healthz": {
        "get": {
            "summary": "The service and its database answer",
            "operationId": "healthz",
            "security": [],
            "responses": {
                "200": {
                    "description": "Healthy",
                    "content": _json(
                        {
                            "type": "object",
                            "required": ["status"],
                            "properties": {"status": {"const": "ok"}},
                        }
                    ),
                },
                "503": {
                    "description": "The database does not answer",
                    "content": _json(
                        {
                            "type": "object",
                            "properties": {"status": {"const": "error"}, "error": {"type": "string"}},
                        }
                    ),
                },
            },
        }
    },
    "/api/v1/events": {
        "post": {
            "summary": f"One touchpoint event (object) or up to {MAX_BATCH} (array); all or none are stored",
            "operationId": "postEvents",
            "security": [{"apiKey": []}],
            "requestBody": {
                "required": True,
                "content": _json(
                    {
                        "oneOf": [
                            {"$ref": "#/components/schemas/Event"},
                            {
                                "type": "array",
                                "minItems": 1,
                                "maxItems": MAX_BATCH,
                                "items": {"$ref": "#/components/schemas/Event"},
                            },
                        ]
                    }
                ),
            },
            "responses": {
                "202": {
                    "description": "Stored (or replayed: the header Idempotent-Replayed counts the replays)",
                    "headers": {"Idempotent-Replayed": {"schema": {"type": "string"}}},
                    "content": _json(
                        {
                            "oneOf": [
                                {"$ref": "#/components/schemas/StoredEvent"},
                                {
                                    "type": "object",
                                    "required": ["events", "accepted"],
                                    "properties": {
                                        "events": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/StoredEvent"},
                                        },
                                        "accepted": {"type": "integer"},
                                    },
                                },
                            ]
                        }
                    ),
                },
                "400": _error(
                    "Not JSON (or not UTF-8), nested deeper than 32 levels, a NaN/Infinity or too large a number, or "
                    "neither an object nor an array; nothing was stored"
                ),
                "413": _error(f"More than {MAX_BATCH} events, or a body over the size limit"),
                "422": _error("An event is invalid (see errors); nothing was stored"),
                **ERRORS,
            },
        }
    },
    "/api/v1/journeys": {
        "get": {
            "summary": "The journeys",
            "operationId": "listJourneys",
            "security": [{"apiKey": []}, {"session": []}],
            "responses": {
                "200": {
                    "description": "The journeys",
                    "content": _json(
                        {
                            "type": "object",
                            "required": ["journeys"],
                            "properties": {
                                "journeys": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/JourneySummary"},
                                }
                            },
                        }
                    ),
                },
                **ERRORS,
            },
        }
    },
    "/api/v1/journeys/{slug}/map": {
        "get": {
            "summary": "The live journey map: stages, touchpoints, emotion and pain points per stage",
            "operationId": "journeyMap",
            "security": [{"apiKey": []}, {"session": []}],
            "parameters": [
                {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}},
                _date_filter("from", "Only answers on or after this day (UTC)"),
                _date_filter("to", "Only answers on or before this day (UTC)"),
                _key_filter("persona"),
                _key_filter("channel"),
                _key_filter("touchpoint"),
                {"name": "lang", "in": "query", "required": False, "schema": {"type": "string", "enum": ["id", "en"]}},
            ],
            "responses": {
                "200": {
                    "description": "The map",
                    "content": _json({"$ref": "#/components/schemas/JourneyMap"}),
                },
                "400": _error(
                    "A filter is malformed (e.g. a date, or one outside 2000-01-01..2100-12-31), or 'from' is after 'to'"
                ),
                "404": _error("No journey with this slug"),
                **ERRORS,
            },
        }
    },
    "/api/v1/openapi.json": {
        "get": {
            "summary": "This document",
            "operationId": "openapi",
            "security": [],
            "responses": {"200": {"description": "OpenAPI 3.1", "content": _json({"type": "object"})}},
        }
    },
}
