"""The OpenAPI document's schemas (components/schemas): what the API takes in and gives out."""

from __future__ import annotations

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


SCHEMAS = {
    "Customer": CUSTOMER,
    "Event": EVENT,
    "StoredEvent": STORED_EVENT,
    "Error": ERROR,
    "JourneySummary": JOURNEY,
    "JourneyMap": MAP,
}
