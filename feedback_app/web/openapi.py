"""The OpenAPI 3.1 document of the JSON API, written by hand to say what the code does.

`tests/test_openapi.py` checks that every API route is in it, and runs schemathesis against a live server
with it (no 5xx for any input it can think of).
"""

from __future__ import annotations

from feedback_app.invitations.events import MAX_BATCH


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


ERRORS = {"401": _error("No API key (or an invalid one), and no logged-in user where that is allowed")}

CUSTOMER = {
    "type": "object",
    "required": ["external_id"],
    "additionalProperties": True,
    "properties": {
        "external_id": {
            "type": ["string", "integer"],
            "description": "The business system's id of the customer",
            "maxLength": 200,
        },
        "email": {"type": ["string", "null"], "format": "email", "maxLength": 320},
        "name": {"type": ["string", "null"], "maxLength": 200},
        "locale": {
            "type": ["string", "null"],
            "enum": ["id", "en", "id-ID", "en-US", "en-GB", None],
            "description": "'id' (Indonesian) or 'en'; region suffixes are accepted",
        },
        "timezone": {
            "type": ["string", "null"],
            "examples": ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"],
            "description": "An IANA time zone",
        },
        "attributes": {
            "type": ["object", "null"],
            "maxProperties": 50,
            "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
        },
    },
}

EVENT = {
    "type": "object",
    "required": ["touchpoint", "customer"],
    "additionalProperties": True,
    "properties": {
        "touchpoint": {"type": "string", "minLength": 1, "maxLength": 80, "description": "The touchpoint's key"},
        "customer": {"$ref": "#/components/schemas/Customer"},
        "event_id": {
            "type": ["string", "integer", "null"],
            "maxLength": 200,
            "description": "Idempotency key: the same event_id again changes nothing and answers as before",
        },
        "occurred_at": {
            "type": ["string", "null"],
            "format": "date-time",
            "description": "ISO 8601; default now; an old event is scheduled from that moment",
        },
        "journey": {
            "type": ["string", "null"],
            "maxLength": 80,
            "description": "Journey slug, needed only where the touchpoint key is in several journeys",
        },
    },
}

STORED_EVENT = {
    "type": "object",
    "required": ["id", "event_id", "invitations"],
    "properties": {
        "id": {"type": "integer"},
        "event_id": {"type": ["string", "null"]},
        "invitations": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "status"],
                "properties": {
                    "id": {"type": "integer"},
                    "trigger_id": {"type": "integer"},
                    "channel": {"type": "string"},
                    "status": {"type": "string", "enum": ["scheduled", "suppressed"]},
                    "reason": {
                        "type": ["string", "null"],
                        "description": "Why it was suppressed (fatigue, opted_out, ...)",
                    },
                    "due_at": {"type": "string", "format": "date-time"},
                },
            },
        },
    },
}

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {"type": "string", "description": "What went wrong, in words a person can act on"},
        "errors": {
            "type": "array",
            "description": "Per event: which one (index in the array), which field, why",
            "items": {
                "type": "object",
                "properties": {"index": {"type": "integer"}, "field": {"type": "string"}, "error": {"type": "string"}},
            },
        },
    },
}

EMOTION = {
    "type": "object",
    "required": ["score", "responses", "positive", "neutral", "negative"],
    "properties": {
        "score": {"type": ["number", "null"], "minimum": -1, "maximum": 1},
        "responses": {"type": "integer"},
        "positive": {"type": "integer"},
        "neutral": {"type": "integer"},
        "negative": {"type": "integer"},
    },
}

MAP = {
    "type": "object",
    "required": ["journey", "stages"],
    "properties": {
        "journey": {"$ref": "#/components/schemas/JourneySummary"},
        "stages": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "name", "touchpoints", "emotion", "pain_points"],
                "properties": {
                    "key": {"type": "string"},
                    "name": {"type": "string"},
                    "touchpoints": {"type": "array", "items": {"type": "object", "required": ["key", "name"]}},
                    "emotion": EMOTION,
                    "pain_points": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["count", "quotes"],
                            "properties": {
                                "theme": {"type": "string"},
                                "count": {"type": "integer"},
                                "quotes": {"type": "array", "items": {"type": "string"}},
                            },
                        },
                    },
                },
            },
        },
    },
}

JOURNEY = {
    "type": "object",
    "required": ["slug", "name", "map_type"],
    "properties": {"slug": {"type": "string"}, "name": {"type": "string"}, "map_type": {"type": "string"}},
}


def _date_filter(name: str, meaning: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": meaning,
        "schema": {"type": "string", "format": "date"},
    }


def _key_filter(name: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": f"Only answers of this {name} (key)",
        "schema": {"type": "string"},
    }


PATHS = {
    "/healthz": {
        "get": {
            "summary": "The service and its database answer",
            "operationId": "healthz",
            "security": [],
            "responses": {
                "200": {
                    "description": "Healthy",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["status"],
                                "properties": {"status": {"const": "ok"}},
                            }
                        }
                    },
                },
                "503": {
                    "description": "The database does not answer",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"status": {"const": "error"}, "error": {"type": "string"}},
                            }
                        }
                    },
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
                "content": {
                    "application/json": {
                        "schema": {
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
                    }
                },
            },
            "responses": {
                "202": {
                    "description": "Stored (or replayed: the header Idempotent-Replayed counts the replays)",
                    "headers": {"Idempotent-Replayed": {"schema": {"type": "string"}}},
                    "content": {
                        "application/json": {
                            "schema": {
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
                        }
                    },
                },
                "400": _error("Not JSON, or neither an object nor an array"),
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
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["journeys"],
                                "properties": {
                                    "journeys": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/JourneySummary"},
                                    }
                                },
                            }
                        }
                    },
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
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JourneyMap"}}},
                },
                "400": _error("A filter is malformed (e.g. a date), or 'from' is after 'to'"),
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
            "responses": {
                "200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}
            },
        }
    },
}

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "Journey feedback API",
        "version": "1",
        "description": "Touchpoint events in; journeys and the live customer journey map out.",
    },
    "paths": PATHS,
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
        "schemas": {
            "Customer": CUSTOMER,
            "Event": EVENT,
            "StoredEvent": STORED_EVENT,
            "Error": ERROR,
            "JourneySummary": JOURNEY,
            "JourneyMap": MAP,
        },
    },
}


def openapi_document(base_url: str | None = None) -> dict:
    """The document, with the server it is served from."""
    return {**DOCUMENT, "servers": [{"url": base_url}]} if base_url else DOCUMENT
