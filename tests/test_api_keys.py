"""Keys, rates, the request log, the token command, and the API's own pages and errors."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from laksa.api.models import PersonalToken
from laksa.org.models import ApiRequest, Application
from tests.api_helpers import API, bearer, error_codes


def test_it_logs_every_request_made_with_an_application_key(
    citizen: Client, city: Any, pothole: Any
) -> None:
    """Only keyed requests, as on Open311 (org.keys): an anonymous one has nobody to hold it to."""
    app, key = Application.create_with_key(city, "Aplikasi Warga")
    citizen.get(f"{API}/categories")
    citizen.get(f"{API}/categories", headers={"X-Api-Key": key})
    citizen.get(f"{API}/tidak-ada")
    citizen.get(f"{API}/tidak-ada", headers={"X-Api-Key": key})
    rows = list(ApiRequest.objects.order_by("id").values_list("application", "path", "status"))
    assert rows == [(app.pk, f"{API}/categories", 200), (app.pk, f"{API}/tidak-ada", 404)]
    app.refresh_from_db()
    assert app.last_used_at is not None


@pytest.mark.usefixtures("rate_window")
def test_it_limits_an_application_to_its_rate(citizen: Client, city: Any, pothole: Any) -> None:
    app, key = Application.create_with_key(city, "Aplikasi Warga")
    app.requests_per_minute = 2
    app.save(update_fields=["requests_per_minute"])
    statuses = [
        citizen.get(f"{API}/categories", headers={"X-Api-Key": key}).status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    limited = citizen.get(f"{API}/categories", headers={"X-Api-Key": key})
    assert error_codes(limited) == [("rate_limited", None)]
    assert citizen.get(f"{API}/categories").status_code == 200  # other callers are not affected


@pytest.mark.usefixtures("rate_window")
def test_it_limits_a_personal_token_to_its_rate(operator: Any, pothole: Any) -> None:
    token, key = PersonalToken.create_with_key(operator, "ponsel")
    token.requests_per_minute = 2
    token.save(update_fields=["requests_per_minute"])
    client = Client()
    statuses = [
        client.get(f"{API}/staff/reports", headers=bearer(key)).status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert token.requests.count() == 3


def test_it_answers_unknown_paths_and_methods_with_error_objects(
    citizen: Client, city: Any
) -> None:
    missing = citizen.get(f"{API}/tidak/ada")
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("application/json")
    assert error_codes(missing) == [("not_found", None)]
    wrong_method = citizen.delete(f"{API}/categories")
    assert wrong_method.status_code == 405
    assert error_codes(wrong_method) == [("method_not_allowed", None)]
    assert "GET" in wrong_method["Allow"]
    bad_json = citizen.post(f"{API}/reports/mine", "{not json", content_type="application/json")
    assert bad_json.status_code in (400, 422)
    assert error_codes(bad_json)[0][0] in ("invalid", "bad_request")


def test_it_publishes_the_openapi_document_and_its_page(citizen: Client, city: Any) -> None:
    document = citizen.get(f"{API}/openapi.json")
    assert document.status_code == 200
    paths = document.json()["paths"]
    assert f"{API}/reports" in paths
    assert f"{API}/staff/reports/{{code}}/verify" in paths
    assert "409" in paths[f"{API}/staff/reports/{{code}}/verify"]["post"]["responses"]
    page = citizen.get(f"{API}/docs")
    assert page.status_code == 200
    assert b"docs-assets/swagger-ui-bundle.js" in page.content
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.content.decode())
    assert sources and not any("//" in s for s in sources), sources  # nothing from a CDN
    asset = citizen.get(f"{API}/docs-assets/swagger-ui-bundle.js")
    assert asset.status_code == 200
    assert citizen.get(f"{API}/docs-assets/..%2Fsettings.py").status_code == 404


def test_it_creates_lists_and_revokes_tokens_from_the_command(operator: Any) -> None:
    out, err = StringIO(), StringIO()
    call_command("token", "create", "operator", "ponsel", stdout=out, stderr=err)
    key = out.getvalue().strip()
    token = PersonalToken.objects.get(user=operator, name="ponsel")
    assert token.key_hash == PersonalToken.hash_key(key)
    assert PersonalToken.from_key(key) == token
    listing = StringIO()
    call_command("token", "list", "operator", stdout=listing)
    assert "ponsel" in listing.getvalue() and key not in listing.getvalue()
    call_command("token", "revoke", "operator", "ponsel", stdout=StringIO())
    assert PersonalToken.from_key(key) is None
    assert Client().get(f"{API}/staff/reports", headers=bearer(key)).status_code == 401
    with pytest.raises(CommandError):
        call_command("token", "revoke", "operator", "ponsel", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("token", "create", "tidak-ada", "x", stdout=StringIO())
