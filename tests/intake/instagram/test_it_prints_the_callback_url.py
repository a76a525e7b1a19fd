from typing import Any

from django.core.management import call_command

from laksa.intake.models import ChannelAccount


def test_it_adds_an_account_and_prints_its_callback(city: Any, capsys: Any, settings: Any) -> None:
    settings.LAKSA_BASE_URL = "https://lapor.example.go.id"
    call_command(
        "channel", "add", "instagram", "ig-kota", "verify_token=vt-1", "app_secret=as-2",
        "access_token=at-3", "ig_user_id=1784",
    )  # fmt: skip
    out, err = capsys.readouterr()
    account = ChannelAccount.objects.get()
    assert account.channel == "instagram"
    assert account.settings == {"ig_user_id": "1784"}
    assert "Callback URL: https://lapor.example.go.id/kanal/instagram/ig-kota/" in out
    assert "comments" in out
    assert "vt-1" not in out + err and "as-2" not in out + err and "at-3" not in out + err
