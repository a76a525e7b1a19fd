"""The call-centre entry: an operator records a report that came by phone, by an SMS typed in,
by a visit or letter, or in the guest book, through the same intake as every door."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from laksa.reports.models import Channel, EventKind, Report
from tests.conftest import IN_EAST, login
from tests.images import make_image, upload

CALL = reverse("console:call")


def call(client, **data):
    fields = {
        "form_token": str(uuid.uuid4()),
        "how": "phone",
        "q_ukuran": "besar",
        "phone": "0812 3456 7890",
        "name": "Pak Darto",
        "description": "Lubang di jalan depan pasar",
        "address": "Depan Pasar Baru",
        "lat": "",
        "lng": "",
        "kelurahan": "",
    }
    fields.update(data)
    return client.post(CALL, fields)


def test_it_shows_the_form_with_map_and_kelurahan_search(operator, pothole, west, east):
    body = login(operator).get(CALL).content.decode()
    assert 'id="map"' in body and "laksa/report_form.js" in body and 'name="form_token"' in body
    assert "Barat (Tengah)" in body and 'data-filter-for="id_kelurahan"' in body
    assert "Jalan rusak" in body


@pytest.mark.parametrize("persona", ["supervisor_a", "lurah"])
def test_it_is_for_operators_only(request, persona, pothole, west):
    client = login(request.getfixturevalue(persona))
    assert client.get(CALL).status_code == 403
    assert call(client, category=pothole.pk, kelurahan=west.pk).status_code == 403
    assert not Report.objects.exists()


def test_it_records_a_call_placed_by_kelurahan(operator, pothole, west):
    response = call(login(operator), category=pothole.pk, kelurahan=west.pk)
    report = Report.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("console:report", args=[report.code])
    assert report.channel == Channel.PHONE and report.kelurahan == west
    assert (report.lat, report.lng) == (west.centroid_lat, west.centroid_lng)
    assert report.address == "Depan Pasar Baru"
    assert report.contact.phone == "0812 3456 7890" and report.contact.name == "Pak Darto"
    created = report.events.get()
    assert created.kind == EventKind.CREATED and created.actor == operator
    page = login(operator).get(response["Location"]).content.decode()
    assert "Telepon / call center" in page and "0812 3456 7890" in page


def test_it_records_a_call_placed_by_a_pin_with_a_photo(operator, pothole, east, west):
    response = call(
        login(operator),
        category=pothole.pk,
        lat=str(IN_EAST[0]),
        lng=str(IN_EAST[1]),
        photos=[upload(make_image(seed=3))],
    )
    assert response.status_code == 303
    report = Report.objects.get()
    assert report.kelurahan == east and report.photos.count() == 1


def test_it_makes_one_report_of_a_double_submit(operator, pothole, west):
    client = login(operator)
    token = str(uuid.uuid4())
    first = call(client, category=pothole.pk, kelurahan=west.pk, form_token=token)
    second = call(client, category=pothole.pk, kelurahan=west.pk, form_token=token)
    assert Report.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_it_asks_for_a_callers_phone_and_the_categorys_questions(operator, pothole, west):
    client = login(operator)
    response = call(client, category=pothole.pk, phone="", q_ukuran="")
    body = response.content.decode()
    assert response.status_code == 400
    assert "Isi nomor telepon pelapor." in body
    assert 'name="q_ukuran"' in body  # the question is asked, and its answer required
    assert call(client, category=pothole.pk, kelurahan=west.pk, phone="abc").status_code == 400
    assert not Report.objects.exists()


def test_it_records_how_the_report_came(operator, pothole, west):
    client = login(operator)
    call(client, category=pothole.pk, kelurahan=west.pk, how="walkin", phone="")
    call(client, category=pothole.pk, kelurahan=west.pk, how="sms")
    walk_in, sms = Report.objects.order_by("id")
    assert walk_in.channel == Channel.WALK_IN and walk_in.contact.name == "Pak Darto"
    assert sms.channel == Channel.SMS and sms.contact.phone == "0812 3456 7890"


def test_it_keeps_a_call_with_no_place_for_the_live_room_to_place(operator, pothole, west):
    response = call(login(operator), category=pothole.pk, address="")
    assert response.status_code == 303
    report = Report.objects.get()
    assert report.needs_place and report.lat is None and report.kelurahan is None
    assert "tentukan di peta" in report.events.get().internal_note


def test_it_shows_the_new_call_in_the_phone_filter_of_the_queue(operator, pothole, west):
    client = login(operator)
    call(client, category=pothole.pk, kelurahan=west.pk)
    report = Report.objects.get()
    body = client.get(reverse("console:queue"), {"channel": "phone"}).content.decode()
    assert report.code in body
