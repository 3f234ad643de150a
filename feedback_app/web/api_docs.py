"""Serves the API's OpenAPI document, for client generators and schemathesis."""

from flask import Blueprint, jsonify, request

from feedback_app.web.openapi import openapi_document

blueprint = Blueprint("api_docs", __name__)


@blueprint.get("/api/v1/openapi.json")
def openapi_json():
    return jsonify(openapi_document(request.host_url.rstrip("/")))
