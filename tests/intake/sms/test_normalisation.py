"""Indonesian numbers, however the provider writes them, become +62… for the reporter's contact
and for the reply."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.reports.models import Report
from tests.intake.sms.conftest import drain, post_gateway


@pytest.mark.parametrize(
    "sender",
    [
        "081234567890",
        "6281234567890",
        "+6281234567890",
        "0062 812-3456-7890",
        "81234567890",
        "+62 (812) 3456 7890",
    ],
)
def test_it_normalises_the_sender_to_plus_62(
    gateway_account: Any, replies: Any, sender: str
) -> None:
    post_gateway({"id": "n-1", "from": sender, "text": "Lampu mati #Barat"})
    post_gateway({"id": "n-2", "from": sender, "text": "INFO"})
    drain()
    assert Report.objects.get().contact.phone == "+6281234567890"
    assert [r["to"] for r in replies] == ["+6281234567890"]
