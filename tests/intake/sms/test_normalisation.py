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
        "\u0660\u0668\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660",  # ٠٨١٢…
        "\u0966\u096e\u0967\u0968\u0969\u096a\u096b\u096c\u096d\u096e\u096f\u0966",  # ०८१२…
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
