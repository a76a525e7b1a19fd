"""Test photos made on the fly: real JPEGs and PNGs with optional EXIF capture time and GPS."""

from __future__ import annotations

import io
import random
from datetime import datetime
from fractions import Fraction

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageChops, ImageDraw
from PIL.ExifTags import GPS, IFD, Base

from laksa.lib.images import ProcessedImage, process_image


def _dms(value: float) -> tuple[Fraction, Fraction, Fraction]:
    value = abs(value)
    d = int(value)
    m = int((value - d) * 60)
    s = round((value - d - m / 60) * 3600, 4)
    return (Fraction(d), Fraction(m), Fraction(s).limit_denominator(10000))


def make_image(
    *,
    seed: int = 1,
    size: tuple[int, int] = (800, 600),
    fmt: str = "JPEG",
    taken_at: datetime | None = None,
    gps: tuple[float, float] | None = None,
    orientation: int | None = None,
    grain: int = 0,
) -> bytes:
    """A picture with random shapes (so every seed is a different picture) and chosen EXIF.
    `grain` adds sensor-like noise of that strength, so the JPEG weighs what a phone's does."""
    rnd = random.Random(seed)
    image = Image.new("RGB", size, tuple(rnd.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x0, y0 = rnd.randrange(size[0]), rnd.randrange(size[1])
        x1 = x0 + rnd.randrange(2, max(3, size[0] // 2))
        y1 = y0 + rnd.randrange(2, max(3, size[1] // 2))
        draw.rectangle([x0, y0, x1, y1], fill=tuple(rnd.randrange(256) for _ in range(3)))
    if grain:
        noise = Image.merge("RGB", [Image.effect_noise(size, grain) for _ in range(3)])
        image = ImageChops.add(image, noise, offset=-128)
    exif = Image.Exif()
    exif[Base.Make] = "LaksaTestCam"
    if orientation:
        exif[Base.Orientation] = orientation
    if taken_at:
        exif.get_ifd(IFD.Exif)[Base.DateTimeOriginal] = taken_at.strftime("%Y:%m:%d %H:%M:%S")
    if gps:
        gps_ifd = exif.get_ifd(IFD.GPSInfo)
        gps_ifd[GPS.GPSLatitudeRef] = "S" if gps[0] < 0 else "N"
        gps_ifd[GPS.GPSLatitude] = _dms(gps[0])
        gps_ifd[GPS.GPSLongitudeRef] = "W" if gps[1] < 0 else "E"
        gps_ifd[GPS.GPSLongitude] = _dms(gps[1])
    out = io.BytesIO()
    quality = {"quality": 92} if fmt == "JPEG" and grain else {}
    image.save(out, fmt, exif=exif.tobytes() if fmt in ("JPEG", "WEBP", "PNG") else None, **quality)
    return out.getvalue()


def upload(
    data: bytes, name: str = "foto.jpg", content_type: str = "image/jpeg"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def processed(seed: int = 1, **kwargs: object) -> ProcessedImage:
    data = make_image(seed=seed, **kwargs)  # type: ignore[arg-type]
    return process_image(
        io.BytesIO(data), size=len(data), max_bytes=15 << 20, max_pixels=40_000_000
    )
