"""Finding 2 of issue 16: a photo is decoded at the size kept and never copied whole; a request's
photos together, and a process's decodes at once, have a pixel cap; an image whose header says too
many pixels is refused before it is decoded."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from laksa.lib import images
from laksa.lib.images import DECODING, ImageRejected, process_image
from laksa.reports.models import Report
from tests.api_helpers import API, form
from tests.images import make_image, upload

BIG = (6320, 6320)  # just under the 40 MP cap


def flat_png(size: tuple[int, int] = BIG) -> bytes:
    """A PNG of millions of pixels in a few kilobytes: one colour compresses to nothing."""
    out = io.BytesIO()
    Image.new("RGB", size, (120, 60, 30)).save(out, "PNG", optimize=True)
    return out.getvalue()


def run(data: bytes, **limits: Any) -> images.ProcessedImage:
    return process_image(
        io.BytesIO(data), size=len(data), max_bytes=limits.get("max_bytes", 15 * 1024 * 1024),
        max_pixels=limits.get("max_pixels", 40_000_000),
    )  # fmt: skip


@pytest.fixture
def whole_size_copies(monkeypatch) -> list[tuple[int, int]]:
    """Every image Pillow makes by copy, convert or transpose bigger than the kept size."""
    made: list[tuple[int, int]] = []
    limit = images.DISPLAY_SIZE * images.DISPLAY_SIZE

    def watching(name: str) -> None:
        original = getattr(Image.Image, name)

        def wrapper(self: Image.Image, *args: Any, **kwargs: Any) -> Any:
            result = original(self, *args, **kwargs)
            if isinstance(result, Image.Image) and result.width * result.height > limit:
                made.append(result.size)
            return result

        monkeypatch.setattr(Image.Image, name, wrapper)

    for name in ("copy", "convert", "transpose", "resize"):
        watching(name)
    return made


def test_a_huge_png_is_reduced_in_place_never_copied_whole(whole_size_copies):
    result = run(flat_png())
    assert (result.width, result.height) == (1600, 1600)
    assert whole_size_copies == []


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(monkeypatch):
    decoded: list[tuple[int, int]] = []
    load = Image.Image.load

    def watching_load(self: Image.Image) -> Any:
        decoded.append(self.size)
        return load(self)

    jpeg = make_image(seed=4, size=(6400, 4800))
    monkeypatch.setattr(Image.Image, "load", watching_load)
    result = run(jpeg)
    assert result.width == 1600
    assert max(w * h for w, h in decoded) <= 1600 * 1200  # a quarter's scale, not 30 MP
    assert images.decoded_size(6400, 4800, "JPEG") == (1600, 1200)
    assert images.decoded_size(6400, 4800, "PNG") == (6400, 4800)


def test_a_header_over_the_cap_is_refused_before_decoding(monkeypatch):
    png = flat_png((2000, 2000))
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("decoded"))
    with pytest.raises(ImageRejected, match="terlalu besar dalam piksel"):
        run(png, max_pixels=3_000_000)


def test_pillow_refuses_decompression_bombs_deliberately(settings):
    assert Image.MAX_IMAGE_PIXELS == settings.LAKSA_PHOTO_MAX_PIXELS


@pytest.mark.django_db
def test_a_request_with_too_many_pixels_together_is_refused(citizen, pothole, west, east):
    png = flat_png()
    photos = [upload(png, f"p{n}.png") for n in range(5)]
    response = citizen.post(f"{API}/reports", form(photos=photos))
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "photos"
    assert "terlalu besar bersama-sama" in error["message"]
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_the_per_request_cap_is_a_setting(settings, citizen, pothole, west, east):
    settings.LAKSA_PHOTO_MAX_PIXELS_PER_REQUEST = 1_000_000

    def photos() -> list[Any]:
        return [upload(make_image(seed=n, size=(800, 600))) for n in range(3)]

    refused = citizen.post(f"{API}/reports", form(photos=photos()))
    settings.LAKSA_PHOTO_MAX_PIXELS_PER_REQUEST = 2_000_000
    accepted = citizen.post(f"{API}/reports", form(photos=photos()))
    assert refused.status_code == 422
    assert accepted.status_code == 201


def test_a_process_decodes_a_bounded_number_of_pixels_at_once(settings):
    settings.LAKSA_PHOTO_PIXELS_IN_FLIGHT = 1_000_000
    settings.LAKSA_PHOTO_DECODE_WAIT = 0.05
    photo = make_image(seed=2, size=(800, 600))
    with (
        DECODING.hold(1_000_000, capacity=1_000_000, wait=0),
        pytest.raises(ImageRejected, match="sibuk"),
    ):
        run(photo)
    assert run(make_image(seed=2, size=(800, 600))).width == 800
