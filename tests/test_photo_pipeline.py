"""The photo pipeline: what it keeps, what it strips, and what it refuses."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from PIL import Image

from laksa.lib.images import ImageRejected, process_image
from tests.images import make_image

LIMITS = {"max_bytes": 15 << 20, "max_pixels": 40_000_000}


def run(data: bytes, **limits: int):
    return process_image(io.BytesIO(data), size=len(data), **{**LIMITS, **limits})


def test_it_strips_all_metadata_and_keeps_capture_time_and_gps_apart():
    data = make_image(taken_at=datetime(2026, 11, 20, 9, 30), gps=(-6.1783, 106.6319))
    result = run(data)
    assert result.taken_at == datetime(2026, 11, 20, 9, 30)
    assert result.gps == pytest.approx((-6.1783, 106.6319), abs=1e-4)
    for blob in (result.display, result.thumbnail):
        served = Image.open(io.BytesIO(blob))
        assert not served.getexif() and "exif" not in served.info
        assert b"LaksaTestCam" not in blob


def test_it_applies_the_exif_orientation():
    result = run(make_image(size=(800, 600), orientation=6))
    assert (result.width, result.height) == (600, 800)


def test_it_makes_a_display_size_and_a_thumbnail():
    result = run(make_image(size=(4000, 3000)))
    assert max(result.width, result.height) == 1600
    assert max(Image.open(io.BytesIO(result.thumbnail)).size) == 320


def test_it_accepts_png_and_webp():
    assert run(make_image(fmt="PNG")).width == 800
    assert run(make_image(fmt="WEBP")).width == 800


def test_it_accepts_heic():
    from pillow_heif import from_pillow

    out = io.BytesIO()
    from_pillow(Image.open(io.BytesIO(make_image()))).save(out, quality=70)
    assert run(out.getvalue()).width == 800


@pytest.mark.parametrize(
    ("data", "limits", "message"),
    [
        (b"", {}, "kosong"),
        (b"hello, this is not a picture", {}, "bukan foto"),
        (make_image()[:2000], {}, "rusak"),
        (make_image(), {"max_bytes": 1000}, "terlalu besar"),
        (make_image(size=(30, 30)), {}, "terlalu kecil"),
        (make_image(fmt="GIF"), {}, "tidak didukung"),
    ],
    ids=["empty", "text", "truncated", "oversized", "tiny", "gif"],
)
def test_it_refuses_bad_files_with_a_clear_message(data, limits, message):
    with pytest.raises(ImageRejected, match=message):
        run(data, **limits)


def test_it_refuses_a_decompression_bomb_before_decoding_it():
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")
    assert len(out.getvalue()) < 100_000
    with pytest.raises(ImageRejected, match="piksel"):
        run(out.getvalue())


def test_it_drops_jpeg_comments_and_colour_profiles():
    out = io.BytesIO()
    Image.new("RGB", (400, 300)).save(out, "JPEG", comment=b"Budi 0812-3456-7890")
    result = run(out.getvalue())
    for blob in (result.display, result.thumbnail):
        assert b"Budi" not in blob
        served = Image.open(io.BytesIO(blob))
        assert not {"comment", "exif", "icc_profile", "xmp"} & set(served.info)
