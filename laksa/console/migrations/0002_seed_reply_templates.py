"""Reject reasons and replies every city starts with; each can be edited or switched off in admin."""

from django.db import migrations

TEMPLATES = [
    (
        "reject",
        "not_authority",
        "Bukan wewenang Pemerintah Kota",
        "Masalah ini bukan wewenang Pemerintah Kota. Silakan sampaikan kepada instansi yang "
        "berwenang.",
        "This matter is not within the City Government's authority. Please raise it with the "
        "responsible body.",
    ),
    (
        "reject",
        "not_enough",
        "Informasi kurang",
        "Informasi kurang: lokasi atau foto tidak jelas. Silakan kirim laporan baru dengan lokasi "
        "dan foto yang jelas.",
        "Not enough information: the location or photo is unclear. Please send a new report with "
        "a clear location and photo.",
    ),
    (
        "reject",
        "spam",
        "Spam atau iklan",
        "Laporan ini berisi iklan atau spam, bukan pengaduan.",
        "This report is advertising or spam, not a complaint.",
    ),
    (
        "reject",
        "not_complaint",
        "Bukan pengaduan",
        "Bukan pengaduan.",
        "Not a complaint.",
    ),
    (
        "reject",
        "already_done",
        "Sudah ditangani sebelumnya",
        "Masalah ini sudah ditangani sebelumnya.",
        "This problem has already been dealt with.",
    ),
    (
        "reply",
        "checking",
        "Sedang diperiksa",
        "Terima kasih atas laporan Anda. Petugas kami sedang memeriksanya.",
        "Thank you for your report. Our staff are looking into it.",
    ),
    (
        "reply",
        "need_detail",
        "Minta keterangan tambahan",
        "Mohon kirimkan keterangan tambahan, misalnya patokan lokasi yang lebih jelas.",
        "Please send more details, for example a clearer landmark for the location.",
    ),
]


def seed(apps, schema_editor):
    ReplyTemplate = apps.get_model("console", "ReplyTemplate")
    for order, (kind, code, title, text_id, text_en) in enumerate(TEMPLATES):
        ReplyTemplate.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "title": title,
                "text_id": text_id,
                "text_en": text_en,
                "order": order,
            },
        )


def unseed(apps, schema_editor):
    ReplyTemplate = apps.get_model("console", "ReplyTemplate")
    ReplyTemplate.objects.filter(code__in=[t[1] for t in TEMPLATES]).delete()


class Migration(migrations.Migration):
    dependencies = [("console", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
