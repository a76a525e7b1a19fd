"""A message in the guest book lands in the LIVE Room's queue on its own channel, under the
city's catch-all category, with its photo and place; the thank-you page shows its code and says
whether the writer will be told."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from laksa.catalog.models import Category
from laksa.reports.models import Channel, PhotoKind, PlaceSource, Report
from laksa.reports.statuses import Status
from tests.conftest import IN_EAST
from tests.images import make_image
from tests.intake.guestbook.conftest import MESSAGE, URL, entry, thanks_url


def test_it_shows_the_form(catch_all: Category, citizen: Client) -> None:
    page = citizen.get(URL)

    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="form_token"' in html and 'name="csrfmiddlewaretoken"' in html
    assert 'name="message"' in html and 'name="website"' in html


def test_it_stores_the_entry_and_thanks_with_its_code(
    catch_all: Category, citizen: Client, east: Any, clock: Any
) -> None:
    clock.at("2026-12-01T10:00")
    photo = SimpleUploadedFile("taman.jpg", make_image(seed=9), content_type="image/jpeg")

    response = citizen.post(
        URL,
        entry(
            name="Dewi",
            contact="0812 3456 7890",
            lat=str(IN_EAST[0]),
            lng=str(IN_EAST[1]),
            address="Taman Cikokol",
        )
        | {"photo": photo},
    )

    assert response.status_code == 303
    assert response["Location"] == thanks_url()
    report = Report.objects.get()
    assert (report.channel, report.status, report.category) == (
        Channel.GUESTBOOK,
        Status.NEW,
        catch_all,
    )
    assert report.description == MESSAGE
    assert (report.place_source, report.kelurahan) == (PlaceSource.POINT, east)
    assert report.address == "Taman Cikokol"
    assert [p.kind for p in report.photos.all()] == [PhotoKind.BEFORE]
    assert report.contact is not None
    assert (report.contact.name, report.contact.phone) == ("Dewi", "+6281234567890")
    thanks = citizen.get(thanks_url()).content.decode()
    assert report.code in thanks
    assert "Kami akan mengabari Anda" in thanks


def test_it_takes_an_entry_with_nothing_but_the_message(
    catch_all: Category, citizen: Client, clock: Any
) -> None:
    clock.at("2026-12-01T10:00")

    response = citizen.post(URL, entry())

    assert response.status_code == 303
    report = Report.objects.get()
    assert report.contact is None
    assert report.place_source == PlaceSource.NONE and report.needs_place
    thanks = citizen.get(thanks_url()).content.decode()
    assert report.code in thanks
    assert "tidak meninggalkan kontak" in thanks


def test_it_speaks_english(catch_all: Category, citizen: Client) -> None:
    page = citizen.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    citizen.post(URL, entry(contact="warga@example.id"), HTTP_ACCEPT_LANGUAGE="en")
    thanks = citizen.get(thanks_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Guest book" in page and "Send message" in page and "Your message" in page
    assert "Pesan Anda" not in page
    code = Report.objects.get().code
    assert f"Your message was recorded with the code <strong>{code}</strong>" in thanks
    assert "We will let you know through the contact you left." in thanks


def test_it_sends_the_thanks_page_back_to_the_form_when_nothing_was_posted(
    citizen: Client, catch_all: Category
) -> None:
    response = citizen.get(thanks_url())

    assert response.status_code == 302 and response["Location"] == URL
