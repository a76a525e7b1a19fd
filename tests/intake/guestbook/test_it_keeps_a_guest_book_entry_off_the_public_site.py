"""A guest book entry is a letter to the city, not a report for the public: it is kept off the
public site whatever the catch-all category says, and the LIVE Room still reads it."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from laksa.catalog.models import Category
from laksa.reports.models import Channel, Report
from tests.intake.guestbook.conftest import URL, entry


def test_it_keeps_an_entry_off_the_public_site(catch_all: Category, citizen: Client) -> None:
    catch_all.public = True
    catch_all.save()
    citizen.post(URL, entry(message="Saran: perpanjang jam layanan KTP di kecamatan"))
    report = Report.objects.get()
    assert report.channel == Channel.GUESTBOOK and report.public is False
    assert citizen.get(reverse("public:track", args=[report.code])).status_code == 404
    assert report.code not in citizen.get(reverse("public:map_data")).content.decode()


def test_it_gives_the_writer_a_private_link_to_the_entry(
    catch_all: Category, citizen: Client
) -> None:
    citizen.post(URL, entry(message="Terima kasih atas pelayanannya"))
    report = Report.objects.get()
    page = citizen.get(reverse("intake:guestbook_thanks")).content.decode()
    private = reverse("public:track_private", args=[report.code, report.secret])
    assert private in page
    assert citizen.get(private).status_code == 200
