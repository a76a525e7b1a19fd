"""A guest book post with no message, a contact that is neither a phone number nor an e-mail
address, a point off the map, or a file that is not a photo is shown again with the field
marked, and nothing is stored. Without the CSRF token it is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from laksa.catalog.models import Category
from laksa.reports.models import Report, ReporterContact
from tests.intake.guestbook.conftest import URL, entry


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"message": "   "}, "message"),
        ({"contact": "bukan kontak"}, "contact"),
        ({"contact": "warga@"}, "contact"),
        ({"lat": "-6.17", "lng": ""}, "address"),
        ({"lat": "95", "lng": "106.6"}, "address"),
        ({"form_token": "bukan-token"}, "form_token"),
    ],
)
def test_it_marks_the_field_and_stores_nothing(
    catch_all: Category, citizen: Client, changes: dict[str, str], field: str
) -> None:
    response = citizen.post(URL, entry(**changes))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Report.objects.exists() and not ReporterContact.objects.exists()


def test_it_refuses_a_file_that_is_not_a_photo(catch_all: Category, citizen: Client) -> None:
    upload = SimpleUploadedFile("surat.pdf", b"%PDF-1.4 bukan foto", content_type="image/jpeg")

    response = citizen.post(URL, entry() | {"photo": upload})

    assert response.status_code == 400
    assert "photo" in response.context["form"].errors
    assert not Report.objects.exists()


def test_it_refuses_a_post_without_the_csrf_token(catch_all: Category) -> None:
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(URL, entry())

    assert response.status_code == 403
    assert not Report.objects.exists()


def test_it_says_what_is_missing_when_the_city_has_no_catch_all(city: Any, citizen: Client) -> None:
    response = citizen.post(URL, entry())

    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not Report.objects.exists()
