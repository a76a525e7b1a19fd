"""Image attachments become the report's photos through the photo pipeline (metadata stripped),
up to the per-report limit; what is not an image, too large or too small to be a photo (a
signature logo) is left out, and the report is still made."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any

from laksa.intake.email.imap import poll
from laksa.intake.models import ChannelAccount
from laksa.reports.models import Report
from tests.images import make_image
from tests.intake.email.conftest import MORNING
from tests.intake.email.fake_imap import FakeImap


def _mail(attachments: list[tuple[str, str, bytes]]) -> bytes:
    message = EmailMessage()
    message["From"] = "Ani <ani@example.id>"
    message["To"] = "pengaduan@kota-uji.go.id"
    message["Subject"] = "Pohon tumbang menutup jalan"
    message["Message-ID"] = "<lampiran-1@example.id>"
    message.set_content("Pohon tumbang di depan SD Negeri 3, jalan tertutup.")
    for name, content_type, data in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def test_it_keeps_at_most_the_limit_of_photos(
    imap: FakeImap, imap_account: ChannelAccount, clock: Any, settings: Any
) -> None:
    clock.at(MORNING)
    photos = [
        (f"foto-{n}.jpg", "image/jpeg", make_image(seed=n, gps=(-6.175, 106.625)))
        for n in range(settings.LAKSA_PHOTOS_PER_REPORT + 2)
    ]
    imap.mailbox.deliver(_mail(photos))

    poll(imap_account)

    report = Report.objects.get()
    assert report.photos.count() == settings.LAKSA_PHOTOS_PER_REPORT
    stored = report.photos.first()
    assert stored is not None
    assert b"LaksaTestCam" not in stored.image.read()  # the camera's EXIF is gone


def test_it_leaves_out_what_is_not_a_usable_photo(
    imap: FakeImap, imap_account: ChannelAccount, clock: Any, settings: Any
) -> None:
    clock.at(MORNING)
    settings.LAKSA_PHOTO_MAX_BYTES = 60_000
    imap.mailbox.deliver(
        _mail(
            [
                ("besar.jpg", "image/jpeg", make_image(seed=1, size=(1600, 1200), grain=60)),
                ("logo.png", "image/png", make_image(seed=2, size=(40, 20), fmt="PNG")),
                ("rusak.jpg", "image/jpeg", b"\xff\xd8\xff\xe0 not really a jpeg"),
                ("surat.docx", "application/octet-stream", b"PK\x03\x04"),
                ("jalan.jpg", "image/jpeg", make_image(seed=3)),
            ]
        )
    )

    result = poll(imap_account)

    report = Report.objects.get()
    assert result.reports == [report.code]
    assert report.photos.count() == 1
    assert report.description.endswith("jalan tertutup.")
