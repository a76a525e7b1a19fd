"""A guest-book letter is private whatever its category, from its own door or typed in at the call
centre ("Laporan datang lewat: Buku tamu")."""

from laksa.reports.models import Report
from tests.conftest import login
from tests.test_callcentre import call


def test_a_letter_typed_in_for_the_guest_book_is_never_public(operator, pothole, west):
    """A guest-book letter is private whatever its category, from its own door or typed in."""
    call(login(operator), category=pothole.pk, kelurahan=west.pk, how="guestbook")
    letter = Report.objects.get()
    assert letter.channel == "guestbook"
    assert pothole.public and not letter.public
