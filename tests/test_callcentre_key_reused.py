"""The call form is fingerprinted like the citizen's. An operator whose first save committed but
whose answer was lost, and who then corrects a field and saves again, is told so plainly and given
the form under a fresh token, so the next save records a new report."""

from __future__ import annotations

import re
import uuid

from laksa.reports.models import Report
from tests.conftest import login
from tests.test_callcentre import call

TOKEN = re.compile(r'name="form_token" value="([0-9a-f-]{36})"')


def test_it_offers_a_corrected_call_again_under_a_fresh_token(operator, pothole, west):
    client = login(operator)
    token = str(uuid.uuid4())
    call(client, category=pothole.pk, kelurahan=west.pk, form_token=token)  # its answer lost

    refused = call(client, category=pothole.pk, kelurahan=west.pk, form_token=token, name="Darto")
    body = refused.content.decode()

    assert refused.status_code == 400
    assert "Formulir ini sudah pernah tersimpan dengan isi yang lain" in body
    assert "Kunci idempotensi" not in body
    found = TOKEN.search(body)
    assert found is not None and found.group(1) != token
    assert 'value="Darto"' in body  # what the operator corrected is kept
    assert Report.objects.count() == 1

    saved = call(
        client, category=pothole.pk, kelurahan=west.pk, form_token=found.group(1), name="Darto"
    )
    assert saved.status_code == 303
    assert Report.objects.count() == 2
    assert Report.objects.latest("id").contact.name == "Darto"
