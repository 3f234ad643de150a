"""The OpenAPI paths of one customer's personal data: export (GET) and erasure (DELETE), for a key created with
`create-api-key NAME --personal-data`."""

from __future__ import annotations

from feedback_app.web.openapi.paths import ERRORS, _error, _json

_EXTERNAL_ID = {"name": "external_id", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 200}}
_REFUSED = {
    "403": _error("This API key may not read or erase personal data (create one with --personal-data)"),
    "404": _error("No customer with this external id is held: never received, or already erased"),
    **ERRORS,
}

CUSTOMER_PATHS = {
    "/api/v1/customers/{external_id}": {
        "get": {
            "summary": "Everything held about one customer: fields, events, invitations, answers, consent, opt-out",
            "operationId": "exportCustomer",
            "security": [{"apiKey": []}],
            "parameters": [_EXTERNAL_ID],
            "responses": {
                "200": {
                    "description": "One JSON document (the same as `feedback-app customer-export`)",
                    "content": _json(
                        {
                            "type": "object",
                            "required": ["customer", "events", "invitations", "answers", "consent", "opt_out"],
                        }
                    ),
                },
                **_REFUSED,
            },
        },
        "delete": {
            "summary": "Erase one customer's personal data and free texts everywhere; the map's counts stay",
            "operationId": "eraseCustomer",
            "security": [{"apiKey": []}],
            "parameters": [_EXTERNAL_ID],
            "responses": {
                "200": {
                    "description": "Erased; the erasure record's id and how many rows were anonymised",
                    "content": _json(
                        {
                            "type": "object",
                            "required": ["erased", "erasure_record", "counts"],
                            "properties": {
                                "erased": {"type": "boolean"},
                                "erasure_record": {"type": "integer"},
                                "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
                            },
                        }
                    ),
                },
                **_REFUSED,
            },
        },
    }
}
