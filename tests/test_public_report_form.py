"""The citizen's report form: a good report is stored once; every bad input is refused clearly."""

from __future__ import annotations

import io
import os
import re
import uuid
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from laksa.reports.models import Channel, Photo, Report, ReporterContact
from laksa.reports.statuses import Status
from tests.conftest import IN_EAST, IN_WEST, OUTSIDE
from tests.images import make_image, upload

pytestmark = pytest.mark.django_db


def _post(client: Client, category: Any, /, **overrides: Any) -> Any:
    data: dict[str, Any] = {
        "form_token": str(uuid.uuid4()),
        "category": str(category.pk),
        "description": "Lubang besar di depan SD Negeri 3",
        "lat": str(IN_WEST[0]),
        "lng": str(IN_WEST[1]),
        "address": "depan SDN 3",
        "name": "Budi",
        "phone": "0812 3456 7890",
        "email": "budi@example.com",
        "q_ukuran": "besar",
        "photos": [upload(make_image(seed=1))],
    }
    data.update(overrides)
    data = {k: v for k, v in data.items() if v is not None}
    return client.post("/lapor/", data)


def _counts() -> tuple[int, int]:
    return Report.objects.count(), Photo.objects.count()


def test_it_shows_the_form_with_grouped_categories_and_the_contract_names(
    citizen, pothole, streetlight
):
    response = citizen.get("/lapor/")
    html = response.content.decode()
    assert response.status_code == 200
    for name in [
        "category",
        "description",
        "photos",
        "lat",
        "lng",
        "address",
        "name",
        "phone",
        "email",
        "anonymous",
        "form_token",
        "kelurahan",
    ]:
        assert f'name="{name}"' in html, name
    assert '<optgroup label="Infrastruktur">' in html
    assert '<optgroup label="Penerangan">' in html
    assert 'id="map"' in html and "multiple" in html and 'accept="image/*"' in html
    assert "Kirim laporan" in html
    assert "vendor/leaflet/leaflet.js" in html


def test_it_hides_inactive_categories(citizen, pothole, streetlight):
    streetlight.active = False
    streetlight.save(update_fields=["active"])
    html = citizen.get("/lapor/").content.decode()
    assert "Lampu PJU mati" not in html and "Jalan rusak" in html


def test_it_stores_a_report_with_photo_and_redirects_to_the_private_link(citizen, pothole, west):
    response = _post(citizen, pothole)
    report = Report.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/r/{report.code}/{report.secret}/"
    assert report.status == Status.NEW and report.channel == Channel.WEB
    assert report.kelurahan == west and report.answers == {"ukuran": "besar"}
    assert report.address == "depan SDN 3"
    assert report.photos.count() == 1
    assert report.contact is not None and report.contact.phone == "0812 3456 7890"
    page = citizen.get(response["Location"])
    html = page.content.decode()
    assert report.code in html
    assert f"/r/{report.code}/{report.secret}/" in html  # the link text to save
    assert "Simpan tautan" in html


def test_it_accepts_several_photos(citizen, pothole):
    photos = [upload(make_image(seed=n), name=f"f{n}.jpg") for n in range(1, 4)]
    _post(citizen, pothole, photos=photos)
    assert Report.objects.get().photos.count() == 3


def test_it_refuses_more_than_five_photos(citizen, pothole):
    photos = [upload(make_image(seed=n, size=(100, 100)), name=f"f{n}.jpg") for n in range(6)]
    response = _post(citizen, pothole, photos=photos)
    assert response.status_code == 400
    assert "Paling banyak 5 foto" in response.content.decode()
    assert _counts() == (0, 0)


def test_it_places_the_point_at_the_kelurahan_centroid_without_a_map(citizen, pothole, east):
    _post(citizen, pothole, lat="", lng="", kelurahan=str(east.pk))
    report = Report.objects.get()
    assert (report.lat, report.lng) == IN_EAST and report.kelurahan == east


def test_it_keeps_a_point_outside_the_city_and_flags_it(citizen, pothole, west):
    response = _post(citizen, pothole, lat=str(OUTSIDE[0]), lng=str(OUTSIDE[1]))
    report = Report.objects.get()
    assert response.status_code == 303
    assert report.outside_area and report.kelurahan is None


def test_it_makes_one_report_from_a_double_submit(citizen, pothole, west):
    token = str(uuid.uuid4())
    first = _post(citizen, pothole, form_token=token)
    second = _post(citizen, pothole, form_token=token)  # the same form, photo and all
    assert Report.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_it_keeps_anonymous_reporters_nameless(citizen, pothole, west):
    _post(citizen, pothole, anonymous="on")
    report = Report.objects.get()
    assert report.anonymous and report.contact is not None and report.contact.name == ""


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"category": ""}, "Pilih kategori masalah."),
        ({"category": "999999"}, "Kategori tidak dikenal."),
        ({"description": ""}, "Tuliskan masalahnya."),
        ({"description": "x" * 4001}, "4000"),
        ({"photos": None}, "Lampirkan minimal satu foto."),
        ({"lat": "", "lng": ""}, "Tentukan lokasi"),
        ({"lat": "abc"}, "Titik lokasi tidak valid"),
        ({"lat": "95", "lng": "106.6"}, "Titik lokasi tidak valid"),
        ({"lng": ""}, "Titik lokasi tidak lengkap"),
        ({"phone": "<script>"}, "Nomor telepon hanya boleh"),
        ({"email": "bukan-surel"}, "alamat email yang valid"),
        ({"form_token": "xyz"}, "Formulir kedaluwarsa"),
        ({"q_ukuran": None}, "Bidang ini tidak boleh kosong"),
        ({"q_ukuran": "raksasa"}, "Masukkan pilihan yang valid"),
    ],
)
def test_it_refuses_each_bad_field_with_a_clear_message(citizen, pothole, west, overrides, message):
    response = _post(citizen, pothole, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _counts() == (0, 0)
    assert ReporterContact.objects.count() == 0


def _png_bomb() -> bytes:
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")
    return out.getvalue()


def _truncated_jpeg() -> bytes:
    data = make_image(seed=3)
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (lambda: upload(b"", name="kosong.jpg"), "Berkas foto kosong."),
        (lambda: upload(_truncated_jpeg()), "Foto rusak atau terpotong"),
        (
            lambda: upload(b"just some text, not a picture\n" * 20, name="catatan.jpg"),
            "bukan foto yang bisa dibaca",
        ),
        (lambda: upload(_png_bomb(), name="bom.png", content_type="image/png"), "piksel"),
    ],
)
def test_it_refuses_hostile_files_and_stores_nothing(citizen, pothole, west, make_file, message):
    response = _post(citizen, pothole, photos=[make_file()])
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _counts() == (0, 0)


def test_it_refuses_an_oversized_photo(citizen, pothole, west, settings):
    settings.LAKSA_PHOTO_MAX_BYTES = 1024 * 1024
    noise = Image.frombytes("RGB", (800, 800), os.urandom(800 * 800 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG")
    big = out.getvalue()
    assert len(big) > 1024 * 1024
    response = _post(citizen, pothole, photos=[upload(big, name="besar.png")])
    assert response.status_code == 400
    assert "Foto terlalu besar" in response.content.decode()
    assert _counts() == (0, 0)


def test_it_names_the_bad_photo_among_good_ones(citizen, pothole, west):
    photos = [upload(make_image(seed=1), name="baik.jpg"), upload(b"", name="rusak.jpg")]
    response = _post(citizen, pothole, photos=photos)
    assert "Foto 2 (rusak.jpg)" in response.content.decode()
    assert _counts() == (0, 0)


def test_it_escapes_script_in_the_description_on_the_tracking_page(citizen, pothole, west):
    _post(citizen, pothole, description='<script>alert("x")</script> jalan', address="<b>x</b>")
    report = Report.objects.get()
    html = citizen.get(f"/r/{report.code}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "<b>x</b>" not in html


def test_it_keeps_what_the_citizen_typed_after_an_error(citizen, pothole, west):
    response = _post(citizen, pothole, photos=None, description="Got <em>this</em>")
    html = response.content.decode()
    assert "Got &lt;em&gt;this&lt;/em&gt;" in html
    assert re.search(r'value="besar"[^>]*checked', html)


def test_it_renders_the_questions_of_the_chosen_category(citizen, pothole, streetlight):
    html = citizen.get(f"/lapor/pertanyaan/?category={pothole.pk}").content.decode()
    assert 'name="q_ukuran"' in html and "Ukuran lubang" in html and 'value="kecil"' in html
    html = citizen.get(f"/lapor/pertanyaan/?category={streetlight.pk}").content.decode()
    assert "q_ukuran" not in html
    assert citizen.get("/lapor/pertanyaan/?category=abc").status_code == 200


@pytest.mark.parametrize(
    ("language", "required", "describe", "email"),
    [
        ("id", "Bidang ini tidak boleh kosong.", "Tuliskan masalahnya.", "alamat email yang valid"),
        ("en", "This field is required.", "Describe the problem.", "valid email address"),
    ],
)
def test_it_gives_the_browser_the_pages_own_messages_for_its_checks(
    citizen, pothole, language, required, describe, email
):
    """report_form.js puts these in the browser's bubble, whose own text follows the browser."""
    citizen.cookies["django_language"] = language
    partial = citizen.get(f"/lapor/pertanyaan/?category={pothole.pk}").content.decode()
    radios = re.findall(r'<input type="radio" name="q_ukuran"[^>]*>', partial)
    assert len(radios) == 2
    assert all(f'data-required-message="{required}"' in radio for radio in radios)
    html = citizen.get(f"/lapor/?category={pothole.pk}").content.decode()
    assert re.search(
        rf'<input type="radio" name="q_ukuran"[^>]*data-required-message="{required}"', html
    )
    assert re.search(rf'<textarea name="description"[^>]*data-required-message="{describe}"', html)
    assert re.search(
        rf'<input type="email" name="email"[^>]*data-invalid-message="[^"]*{email}', html
    )


def test_it_enforces_question_datatypes(citizen, streetlight, west):
    from laksa.catalog.models import Datatype, Question

    Question.objects.create(
        category=streetlight,
        code="jumlah",
        datatype=Datatype.NUMBER,
        required=True,
        prompt_id="Jumlah lampu mati",
        prompt_en="Lamps out",
    )
    response = _post(citizen, streetlight, q_jumlah="banyak", q_ukuran=None)
    assert response.status_code == 400 and "Masukkan sebuah bilangan" in response.content.decode()
    response = _post(citizen, streetlight, q_jumlah="3", q_ukuran=None)
    assert response.status_code == 303
    assert Report.objects.get().answers == {"jumlah": 3.0}
