"""The OpenAPI schema: generates without warnings and documents no secret as readable."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

RESOURCES = [
    "auth/token",
    "signup",
    "signup/confirm",
    "regions",
    "organizations",
    "memberships",
    "sites",
    "cameras",
    "cameras/{id}/verify",
    "cameras/{id}/review",
    "cameras/{id}/rotate-publish-secret",
    "cameras/{id}/verifications",
    "cameras/{id}/snapshot",
    "agreement-templates",
    "agreements",
    "agreements/{id}/sign",
    "agreements/{id}/approve",
    "agreements/{id}/reject",
    "agreements/{id}/revoke",
    "agreements/{id}/grants",
    "grants",
    "audit",
]


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_generates_and_validates_without_warnings(db, tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert yaml.safe_load(out.read_text())["info"]["title"] == "Pantau API"


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_resource_is_documented(schema, resource):
    assert f"/api/v1/{resource}/" in schema["paths"]


def test_no_schema_component_exposes_a_secret_as_readable(schema):
    for name, component in schema["components"]["schemas"].items():
        properties = component.get("properties", {})
        assert "credentials" not in properties, name
        assert "publish_secret_hash" not in properties, name
        for field in ("password", "username", "url"):
            if field in properties and name.startswith(("Camera", "PatchedCamera")):
                assert properties[field].get("writeOnly"), f"{name}.{field}"


def test_the_schema_is_served_to_api_clients(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/cameras/" in response.json()["paths"]
