"""A photo fetched from a chat platform (WhatsApp, Messenger and Instagram, Telegram, X) goes
through the same pipeline as a citizen's upload, at the site's limits (LAKSA_PHOTO_MAX_BYTES,
LAKSA_PHOTO_MAX_PIXELS). A file the pipeline refuses is left out and the message's words still
count; fetching it, and what to do when the platform cannot give it, stay with each channel."""

from __future__ import annotations

import io
import logging

from django.conf import settings

from laksa.lib.images import ImageRejected, ProcessedImage, process_image


def received_photo(data: bytes, *, what: str, log: logging.Logger) -> ProcessedImage | None:
    """The photo in `data`, processed; None (logged on the channel's `log` as `what`) when the
    pipeline refuses it."""
    try:
        return process_image(
            io.BytesIO(data),
            size=len(data),
            max_bytes=settings.LAKSA_PHOTO_MAX_BYTES,
            max_pixels=settings.LAKSA_PHOTO_MAX_PIXELS,
        )
    except ImageRejected as exc:
        log.info("%s refused by the photo pipeline: %s", what, exc)
        return None
