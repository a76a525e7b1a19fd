"""Application keys: made in the admin (shown once) or by `laksa apikey`, revoked by switching off."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from laksa.org.models import Application
from tests.conftest import login


def test_the_admin_shows_a_new_key_once_and_stores_only_its_hash(
    city: Any, admin_user: Any
) -> None:
    client = login(admin_user)
    response = client.post(
        "/admin/org/application/add/",
        {
            "jurisdiction": city.pk,
            "name": "Aplikasi Warga",
            "active": "on",
            "requests_per_minute": 60,
        },
        follow=True,
    )
    assert response.status_code == 200
    [message] = [str(m) for m in response.context["messages"] if "Kunci API" in str(m)]
    key = message.rsplit(" ", 1)[-1]
    app = Application.objects.get()
    assert app.key_hash == Application.hash_key(key) and key not in app.key_hash
    assert Application.from_key(key) == app


def test_the_command_creates_lists_and_revokes(city: Any, capsys: Any) -> None:
    call_command("apikey", "create", "FixMyStreet")
    key = capsys.readouterr().out.strip()
    assert Application.from_key(key).name == "FixMyStreet"
    call_command("apikey", "list")
    assert "FixMyStreet" in capsys.readouterr().out
    call_command("apikey", "revoke", "FixMyStreet")
    assert Application.from_key(key) is None
    with pytest.raises(CommandError):
        call_command("apikey", "create", "FixMyStreet")
    with pytest.raises(CommandError):
        call_command("apikey", "revoke", "Tidak Ada")
    assert Client().post("/open311/v2/requests.json", {"api_key": key}).status_code == 403
