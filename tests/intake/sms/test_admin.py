"""Channel accounts in the admin: settings edited, secrets written but never shown back (only
which keys are set), and how the provider reaches the account."""

from __future__ import annotations

from typing import Any

from laksa.intake.models import ChannelAccount, Kind
from tests.conftest import login


def test_it_adds_an_account_with_a_secret_it_never_shows_again(city: Any, admin_user: Any) -> None:
    client = login(admin_user)
    response = client.post(
        "/admin/intake/channelaccount/add/",
        {
            "jurisdiction": city.pk,
            "kind": Kind.SMS_GATEWAY,
            "name": "sms-utama",
            "settings": '{"send_url": "http://127.0.0.1:9/kirim", "sender": "LAKSA"}',
            "new_secrets": "secret=sangat-rahasia-42\napi_key=kunci-rahasia-7",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    account = ChannelAccount.objects.get()
    assert account.secrets == {"secret": "sangat-rahasia-42", "api_key": "kunci-rahasia-7"}
    assert account.settings["sender"] == "LAKSA"
    page = client.get(f"/admin/intake/channelaccount/{account.pk}/change/").content.decode()
    listing = client.get("/admin/intake/channelaccount/").content.decode()
    for html in (page, listing):
        assert "sangat-rahasia-42" not in html and "kunci-rahasia-7" not in html
        assert "api_key, secret" in html
        assert "/kanal/sms/gateway/sms-utama/" in html and "X-Laksa-Signature" in html


def test_it_changes_one_secret_and_removes_another(city: Any, admin_user: Any) -> None:
    account = ChannelAccount.objects.create(
        jurisdiction=city, kind=Kind.KANNEL, name="kannel", secrets={"password": "lama", "x": "1"}
    )
    client = login(admin_user)
    response = client.post(
        f"/admin/intake/channelaccount/{account.pk}/change/",
        {
            "jurisdiction": city.pk,
            "kind": Kind.KANNEL,
            "name": "kannel",
            "settings": '{"send_url": "http://127.0.0.1:13013/cgi-bin/sendsms", "username": "laksa"}',
            "new_secrets": "password=baru\nx=",
            "active": "on",
        },
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.secrets == {"password": "baru"}
    page = client.get(f"/admin/intake/channelaccount/{account.pk}/change/").content.decode()
    assert f"token={account.webhook_token}" in page and "text=%a" in page


def test_it_does_not_echo_a_secret_typed_without_its_key(city: Any, admin_user: Any) -> None:
    response = login(admin_user).post(
        "/admin/intake/channelaccount/add/",
        {
            "jurisdiction": city.pk,
            "kind": Kind.SMS_GATEWAY,
            "name": "sms-utama",
            "settings": "{}",
            "new_secrets": "sangat-rahasia-42",
            "active": "on",
        },
    )
    assert response.status_code == 200 and not ChannelAccount.objects.exists()
    assert "sangat-rahasia-42" not in response.content.decode()


def test_it_gives_an_account_a_new_webhook_token(city: Any, admin_user: Any) -> None:
    account = ChannelAccount.objects.create(jurisdiction=city, kind=Kind.KANNEL, name="kannel")
    old = account.webhook_token
    login(admin_user).post(
        "/admin/intake/channelaccount/",
        {"action": "new_webhook_token", "_selected_action": [account.pk]},
    )
    account.refresh_from_db()
    assert account.webhook_token != old and len(account.webhook_token) >= 30
