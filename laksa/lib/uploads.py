"""Photo uploads in forms: a multi-file field and the check of each file through the pipeline.
Shared by every screen that takes photos (the report form, the field app's proof of work)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any, cast

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from laksa.lib.images import ImageRejected, ProcessedImage, pixels_to_decode, process_image


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file input that accepts several files; cleans to a list (possibly empty)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(allow_empty_file=True, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data]
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files if f]
        if self.required and not cleaned:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return cleaned


def process_uploads(files: Sequence[UploadedFile]) -> list[ProcessedImage]:
    """Every file through the photo pipeline; one ValidationError listing each refused file."""
    limit = settings.LAKSA_PHOTOS_PER_REPORT
    if len(files) > limit:
        raise forms.ValidationError(_("Paling banyak %(n)d foto.") % {"n": limit}, code="too_many")
    pixels = sum(pixels_to_decode(cast(IO[bytes], upload)) for upload in files)
    if pixels > settings.LAKSA_PHOTO_MAX_PIXELS_PER_REQUEST:
        raise forms.ValidationError(
            _(
                "Foto-foto ini terlalu besar bersama-sama (%(mp)d megapiksel, paling banyak "
                "%(max)d): kirim lebih sedikit atau lebih kecil."
            )
            % {
                "mp": pixels // 1_000_000,
                "max": settings.LAKSA_PHOTO_MAX_PIXELS_PER_REQUEST // 1_000_000,
            },
            code="too_many_pixels",
        )
    processed, errors = [], []
    for number, upload in enumerate(files, start=1):
        try:
            processed.append(
                process_image(
                    cast(IO[bytes], upload),
                    size=upload.size,
                    max_bytes=settings.LAKSA_PHOTO_MAX_BYTES,
                    max_pixels=settings.LAKSA_PHOTO_MAX_PIXELS,
                )
            )
        except ImageRejected as exc:
            errors.append(
                forms.ValidationError(
                    _("Foto %(n)d (%(name)s): %(reason)s")
                    % {"n": number, "name": upload.name, "reason": exc}
                )
            )
    if errors:
        raise forms.ValidationError(errors)
    return processed
