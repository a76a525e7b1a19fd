"""The photo pipeline: check, decode safely, orient, strip every byte of metadata, resize.

What a citizen uploads may be huge, truncated, not an image at all, or a decompression bomb. The
checks run in order of cost: byte size, then the header (format and pixel count) without decoding,
then the decode itself. Only re-encoded pixels are ever stored or served; capture time and GPS are
read from EXIF first and returned apart, for the proof checks.
"""

from __future__ import annotations

import hashlib
import io
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError
from PIL.ExifTags import GPS, IFD, Base
from pillow_heif import register_heif_opener

register_heif_opener()

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF", "MPO"}
DISPLAY_SIZE = 1600
THUMB_SIZE = 320
MIN_SIDE = 64


class ImageRejected(ValueError):
    """The upload cannot be used; the message is meant for the person who sent it."""


@dataclass
class ProcessedImage:
    display: bytes
    thumbnail: bytes
    width: int
    height: int
    sha256: str
    dhash: str
    taken_at: datetime | None
    gps: tuple[float, float] | None


def decoded_size(width: int, height: int, fmt: str | None) -> tuple[int, int]:
    """The size a photo is decoded at: a JPEG at the smallest 1/2, 1/4 or 1/8 scale that still
    covers DISPLAY_SIZE (Image.draft), any other format whole."""
    if fmt not in ("JPEG", "MPO"):
        return width, height
    want_w, want_h = _display_box(width, height)
    scale = 1
    while scale < 8 and -(-width // (scale * 2)) >= want_w and -(-height // (scale * 2)) >= want_h:
        scale *= 2
    return -(-width // scale), -(-height // scale)


def _display_box(width: int, height: int) -> tuple[int, int]:
    # The box keeps the photo's shape: a square box would ask 1600 px of the short side too,
    # and a 4000x3000 photo would then be decoded whole (4x the pixels, 3x the time).
    scale = min(1.0, DISPLAY_SIZE / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def pixels_to_decode(stream: IO[bytes]) -> int:
    """The pixels decoding this upload would take, from its header only; 0 when the header
    cannot be read (process_image then says why)."""
    try:
        stream.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(stream) as image:
                width, height = decoded_size(*image.size, image.format)
    except Exception:  # anything unreadable is refused by process_image, with its reason
        return 0
    finally:
        stream.seek(0)
    return width * height


class PixelBudget:
    """How many decoded pixels this process may hold at once, over every thread: a flood of
    large photos waits its turn instead of taking the machine's memory."""

    def __init__(self) -> None:
        self._held = 0
        self._free = threading.Condition()

    @contextmanager
    def hold(self, pixels: int, *, capacity: int, wait: float) -> Iterator[None]:
        pixels = min(pixels, capacity)  # one photo larger than the budget still runs, alone
        with self._free:
            if not self._free.wait_for(lambda: self._held + pixels <= capacity, timeout=wait):
                raise ImageRejected(
                    _("Server sedang sibuk mengolah foto; coba kirim lagi sebentar lagi.")
                )
            self._held += pixels
        try:
            yield
        finally:
            with self._free:
                self._held -= pixels
                self._free.notify_all()


DECODING = PixelBudget()


def _setting(name: str, default: Any) -> Any:
    # The pipeline also runs outside a configured Django (bench.photo): then the defaults.
    return getattr(settings, name, default) if settings.configured else default


def process_image(
    stream: IO[bytes], *, size: int | None, max_bytes: int, max_pixels: int
) -> ProcessedImage:
    """Validate and re-encode one upload; raise ImageRejected with a reason a citizen understands."""
    if size is None:
        stream.seek(0, io.SEEK_END)
        size = stream.tell()
    if size == 0:
        raise ImageRejected(_("Berkas foto kosong."))
    if size > max_bytes:
        raise ImageRejected(
            _("Foto terlalu besar (maksimal %(mb)d MB).") % {"mb": max_bytes // (1024 * 1024)}
        )
    stream.seek(0)
    data = stream.read(max_bytes + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise ImageRejected(
                    _("Format foto tidak didukung: gunakan JPEG, PNG, WebP atau HEIC.")
                )
            width, height = image.size
            if width * height > max_pixels:
                raise ImageRejected(_("Foto terlalu besar dalam piksel."))
            if min(width, height) < MIN_SIDE:
                raise ImageRejected(_("Foto terlalu kecil untuk dilihat."))
            taken_at, gps = _capture_metadata(image)
            if image.format == "JPEG":
                # Decoding at a reduced scale: much faster and smaller when we keep 1600 px.
                image.draft("RGB", _display_box(width, height))
            with DECODING.hold(
                image.width * image.height,
                capacity=_setting("LAKSA_PHOTO_PIXELS_IN_FLIGHT", 2 * max_pixels),
                wait=_setting("LAKSA_PHOTO_DECODE_WAIT", 30.0),
            ):
                image.load()
                # Down to the kept size at once, in place: no whole-size copy is ever made
                # (orienting, converting and the two sizes all work on the small picture).
                if image.mode not in ("RGB", "RGBA", "L", "LA"):
                    image = image.convert("RGBA" if "transparency" in image.info else "RGB")
                image.thumbnail((DISPLAY_SIZE, DISPLAY_SIZE), Image.Resampling.LANCZOS)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(_("Foto ditolak: ukuran piksel tidak wajar.")) from exc
    except (UnidentifiedImageError, SyntaxError) as exc:
        raise ImageRejected(_("Berkas ini bukan foto yang bisa dibaca.")) from exc
    except (OSError, ValueError, EOFError) as exc:
        raise ImageRejected(_("Foto rusak atau terpotong; silakan kirim ulang.")) from exc

    upright: Image.Image = ImageOps.exif_transpose(image) or image
    display = upright.convert("RGB")
    thumb = _fit(display, THUMB_SIZE)
    display_bytes = _jpeg(display, quality=82)
    return ProcessedImage(
        display=display_bytes,
        thumbnail=_jpeg(thumb, quality=75),
        width=display.width,
        height=display.height,
        sha256=hashlib.sha256(display.tobytes()).hexdigest(),
        dhash=difference_hash(display),
        taken_at=taken_at,
        gps=gps,
    )


def _fit(image: Image.Image, box: int) -> Image.Image:
    copy = image.copy()
    copy.thumbnail((box, box), Image.Resampling.LANCZOS)
    return copy


def _jpeg(image: Image.Image, *, quality: int) -> bytes:
    out = io.BytesIO()
    # Pillow carries a source's JPEG comment, ICC profile and XMP in `info` into the saved file;
    # emptying it (and passing no exif=) leaves pixels only.
    image.info = {}
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def difference_hash(image: Image.Image) -> str:
    """A 64-bit perceptual hash: near-identical pictures differ in only a few bits."""
    small = image.convert("L").resize((9, 8), Image.Resampling.BILINEAR)
    px = small.tobytes()
    bits = 0
    for row in range(8):
        for col in range(8):
            bits = (bits << 1) | (px[row * 9 + col] > px[row * 9 + col + 1])
    return f"{bits:016x}"


def hash_distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def _capture_metadata(image: Image.Image) -> tuple[datetime | None, tuple[float, float] | None]:
    try:
        exif = image.getexif()
    except Exception:  # a broken EXIF block must not sink an otherwise fine photo
        return None, None
    taken_at = None
    try:
        raw = exif.get_ifd(IFD.Exif).get(Base.DateTimeOriginal) or exif.get(Base.DateTime)
        if raw:
            taken_at = datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except (ValueError, TypeError, KeyError):
        taken_at = None
    gps = None
    try:
        info: dict[int, Any] = dict(exif.get_ifd(IFD.GPSInfo))
        if GPS.GPSLatitude in info and GPS.GPSLongitude in info:
            lat = _dms(info[GPS.GPSLatitude]) * (-1 if info.get(GPS.GPSLatitudeRef) == "S" else 1)
            lng = _dms(info[GPS.GPSLongitude]) * (-1 if info.get(GPS.GPSLongitudeRef) == "W" else 1)
            if -90 <= lat <= 90 and -180 <= lng <= 180:
                gps = (lat, lng)
    except (ValueError, TypeError, ZeroDivisionError, KeyError):
        gps = None
    return taken_at, gps


def _dms(value: Any) -> float:
    d, m, s = (float(v) for v in value)
    return d + m / 60 + s / 3600
