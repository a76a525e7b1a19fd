from typing import Any

from django.core.management import call_command

from laksa.intake.models import ChannelAccount


def test_it_adds_a_page_and_prints_its_callback(city: Any, capsys: Any, settings: Any) -> None:
    settings.LAKSA_BASE_URL = "https://lapor.example.go.id"
    call_command(
        "channel", "add", "messenger", "halaman-kota", "verify_token=vt-1", "app_secret=as-2",
        "access_token=at-3", "page_id=1045",
    )  # fmt: skip
    out, err = capsys.readouterr()
    account = ChannelAccount.objects.get()
    assert account.channel == "facebook"
    assert account.settings == {"page_id": "1045"}
    assert set(account.secrets) == {"verify_token", "app_secret", "access_token"}
    assert "Callback URL: https://lapor.example.go.id/kanal/facebook/halaman-kota/" in out
    assert "messages, messaging_postbacks, message_deliveries, message_reads" in out
    assert "vt-1" not in out + err and "as-2" not in out + err and "at-3" not in out + err
