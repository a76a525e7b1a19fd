from typing import Any

from django.core.management import call_command

from laksa.intake.models import ChannelAccount


def test_it_adds_an_account_and_prints_how_to_connect_it(
    city: Any, capsys: Any, settings: Any
) -> None:
    settings.LAKSA_BASE_URL = "https://lapor.example.go.id"
    call_command(
        "channel", "add", "x", "x-kota", "consumer_secret=cs-1", "access_token=at-2",
        "user_id=1400000000000000001", "screen_name=LaksaKota",
    )  # fmt: skip
    out, err = capsys.readouterr()
    account = ChannelAccount.objects.get()
    assert account.channel == "x"
    assert account.settings == {"user_id": "1400000000000000001", "screen_name": "LaksaKota"}
    assert set(account.secrets) == {"consumer_secret", "access_token"}
    assert "Webhook URL: https://lapor.example.go.id/kanal/x/x-kota/" in out
    assert "crc_token" in out
    assert "dm.received" in out and "post.mention.create" in out
    assert "1400000000000000001" in out
    assert "cs-1" not in out + err and "at-2" not in out + err
