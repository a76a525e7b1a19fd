"""The words of every message: a city's MessageTemplate row, or the default text here.

Defaults are gettext strings (Indonesian source, English in the catalogue), so a city that edits
nothing still speaks both languages. SMS defaults fit one 160-character GSM-7 message with a
long code and link (tests/notify/test_texts.py); only free text (a reason, a reply) can make
one longer, and then the provider sends it in parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from laksa.lib.memo import Memo
from laksa.notify.models import MessageChannel, MessageTemplate, TemplateKey

SMS_MAX_CHARS = 480
"""Free text is cut so that an SMS never takes more than about three parts."""

CHAT_ONLY = (
    TemplateKey.WELCOME,
    TemplateKey.ASK_WHAT,
    TemplateKey.ASK_WHERE,
    TemplateKey.ASK_PHOTO,
    TemplateKey.SLOW_DOWN,
)
"""A chat conversation's own keys: one wording, the SMS one, as every chat channel reads."""

# (subject, body) per key and channel. Subjects are for e-mail only.
DEFAULTS: dict[str, dict[str, tuple[Promise | str, Promise]]] = {
    TemplateKey.ACKNOWLEDGED: {
        MessageChannel.SMS: (
            "",
            _("Laporan {code} diterima. Pantau, konfirmasi & nilai di {link}"),
        ),
        MessageChannel.EMAIL: (
            _("Laporan {code} diterima"),
            _(
                "Terima kasih, laporan Anda sudah kami terima dengan kode {code}.\n\n"
                "Ikuti perkembangannya di tautan pribadi ini. Dengan tautan ini Anda bisa "
                "mengonfirmasi, menyanggah, dan menilai penanganannya, jadi jangan bagikan ke "
                "orang lain:\n{link}\n\n{city}"
            ),
        ),
    },
    TemplateKey.VERIFIED: {
        MessageChannel.SMS: (
            "",
            _("Laporan {code} diverifikasi & diteruskan ke {agency}. Pantau: {track}"),
        ),
        MessageChannel.EMAIL: (
            _("Laporan {code} diteruskan ke {agency}"),
            _(
                "Laporan {code} sudah diverifikasi oleh LIVE Room dan diteruskan ke {agency}.\n\n"
                "Ikuti perkembangannya di {link}\n\n{city}"
            ),
        ),
    },
    TemplateKey.DISPATCHED: {
        MessageChannel.SMS: (
            "",
            _("Laporan {code} ditanggapi {agency} & sedang ditangani. Pantau: {track}"),
        ),
        MessageChannel.EMAIL: (
            _("Laporan {code} sedang ditangani"),
            _(
                "{agency} sudah menanggapi laporan {code} dan sedang menanganinya.\n\n"
                "Ikuti perkembangannya di {link}\n\n{city}"
            ),
        ),
    },
    TemplateKey.DONE: {
        MessageChannel.SMS: (
            "",
            _("Laporan {code} selesai. Foto sebelum-sesudah, konfirmasi & nilai: {link}"),
        ),
        MessageChannel.EMAIL: (
            _("Laporan {code} selesai: mohon konfirmasi"),
            _(
                "Petugas melaporkan bahwa masalah dalam laporan {code} sudah selesai.\n\n"
                "Lihat foto sebelum dan sesudahnya, lalu konfirmasi bahwa masalahnya benar sudah "
                "beres (atau sanggah bila belum) dan beri nilai untuk penanganannya:\n{link}\n\n{city}"
            ),
        ),
    },
    TemplateKey.REJECTED: {
        MessageChannel.SMS: ("", _("Laporan {code} ditolak: {reason} Info: {track}")),
        MessageChannel.EMAIL: (
            _("Laporan {code} tidak dapat ditindaklanjuti"),
            _(
                "Mohon maaf, laporan {code} tidak dapat ditindaklanjuti.\n\nAlasan: {reason}\n\n"
                "Rinciannya di {link}\n\n{city}"
            ),
        ),
    },
    TemplateKey.REFERRED: {
        MessageChannel.SMS: (
            "",
            _("Laporan {code} di luar kewenangan Pemkot, dirujuk ke {where}. Info: {track}"),
        ),
        MessageChannel.EMAIL: (
            _("Laporan {code} dirujuk ke {where}"),
            _(
                "Masalah dalam laporan {code} di luar kewenangan Pemerintah Kota, sehingga "
                "dirujuk ke {where}.\n\n{reason}\n\nRinciannya di {link}\n\n{city}"
            ),
        ),
    },
    TemplateKey.DUPLICATE: {
        MessageChannel.SMS: (
            "",
            _("Laporan {code} sudah dilaporkan sebagai {into}. Ikuti di {into_track}"),
        ),
        MessageChannel.EMAIL: (
            _("Laporan {code} digabung ke {into}"),
            _(
                "Masalah dalam laporan {code} sudah dilaporkan sebelumnya sebagai {into}. "
                "Laporan Anda digabungkan ke sana sebagai dukungan; ikuti perkembangannya di "
                "{into_track}\n\n{city}"
            ),
        ),
    },
    TemplateKey.REPLY: {
        MessageChannel.SMS: ("", _("Balasan laporan {code}: {text}")),
        MessageChannel.EMAIL: (
            _("Balasan untuk laporan {code}"),
            _(
                "Balasan LIVE Room untuk laporan {code}:\n\n{text}\n\nRinciannya di {link}\n\n{city}"
            ),
        ),
    },
    TemplateKey.LINK: {
        MessageChannel.SMS: (
            "",
            _("Tautan pribadi laporan {code}: {link} Jangan bagikan ke orang lain."),
        ),
        MessageChannel.EMAIL: (
            _("Tautan pribadi laporan {code}"),
            _(
                "Anda (atau seseorang) meminta tautan pribadi laporan {code}. Dengan tautan ini "
                "Anda bisa mengikuti, mengonfirmasi, menyanggah, dan menilai laporan; jangan "
                "bagikan ke orang lain:\n{link}\n\nBila Anda tidak memintanya, abaikan pesan "
                "ini.\n\n{city}"
            ),
        ),
    },
    TemplateKey.INFO: {
        MessageChannel.SMS: (
            "",
            _("Lapor: LAPOR <masalah> #<kelurahan>. Cek laporan: STATUS <kode>. Atau di {site}"),
        ),
        MessageChannel.EMAIL: (
            _("Cara melapor ke {city}"),
            _(
                "Kirim laporan lewat SMS: LAPOR <masalah> #<kelurahan>. Cek laporan: STATUS "
                "<kode>. Lewat surel: tulis masalah dan lokasinya, lampirkan foto. Atau lapor di "
                "{site}\n\n{city}"
            ),
        ),
    },
    TemplateKey.STATUS: {
        MessageChannel.SMS: ("", _("Laporan {code}: {status_label}. Rincian: {track}")),
        MessageChannel.EMAIL: (
            _("Status laporan {code}: {status_label}"),
            _("Status laporan {code}: {status_label}.\n\nRinciannya di {track}\n\n{city}"),
        ),
    },
    TemplateKey.STATUS_OWNER: {
        MessageChannel.SMS: ("", _("Laporan {code}: {status_label}. Tautan pribadi Anda: {link}")),
        MessageChannel.EMAIL: (
            _("Status laporan {code}: {status_label}"),
            _(
                "Status laporan {code}: {status_label}.\n\nTautan pribadi Anda (jangan dibagikan):"
                "\n{link}\n\n{city}"
            ),
        ),
    },
    TemplateKey.STATUS_UNKNOWN: {
        MessageChannel.SMS: (
            "",
            _("Laporan {code} tidak ditemukan. Periksa kodenya, lalu kirim STATUS <kode>."),
        ),
        MessageChannel.EMAIL: (
            _("Laporan {code} tidak ditemukan"),
            _("Laporan dengan kode {code} tidak ditemukan. Periksa kodenya.\n\n{city}"),
        ),
    },
    TemplateKey.NOT_UNDERSTOOD: {
        MessageChannel.SMS: (
            "",
            _("Maaf, pesan tidak dimengerti. {problems} Ketik INFO untuk cara melapor."),
        ),
        MessageChannel.EMAIL: (
            _("Pesan Anda belum dapat diproses"),
            _(
                "Maaf, pesan Anda belum dapat kami proses. {problems}\n\nTulis masalah dan "
                "lokasinya, atau lapor di {site}\n\n{city}"
            ),
        ),
    },
    TemplateKey.GUESTBOOK_THANKS: {
        MessageChannel.SMS: (
            "",
            _("Terima kasih, pesan Anda di buku tamu {city} sudah kami terima."),
        ),
        MessageChannel.EMAIL: (
            _("Pesan Anda sudah kami terima"),
            _("Terima kasih, pesan Anda di buku tamu {city} sudah kami terima.\n\n{city}"),
        ),
    },
    # Chat only: chat channels use the SMS wording of every key.
    TemplateKey.WELCOME: {
        MessageChannel.SMS: (
            "",
            _(
                "Halo, ini layanan pengaduan {city}. Tulis masalahnya, kirim foto dan lokasinya "
                "(share location). Cek laporan: STATUS <kode>."
            ),
        ),
    },
    TemplateKey.ASK_WHAT: {
        MessageChannel.SMS: ("", _('Apa masalahnya? Tulis singkat, mis. "Lampu jalan mati".')),
    },
    TemplateKey.ASK_WHERE: {
        MessageChannel.SMS: (
            "",
            _("Di mana lokasinya? Kirim lokasi (share location) atau tulis nama kelurahannya."),
        ),
    },
    TemplateKey.ASK_PHOTO: {
        MessageChannel.SMS: (
            "",
            _(
                "Bisa kirim fotonya? Foto membantu petugas menemukan masalahnya. Kalau tidak "
                "ada, balas TIDAK."
            ),
        ),
    },
    TemplateKey.SLOW_DOWN: {
        MessageChannel.SMS: (
            "",
            _(
                "Pesan Anda terlalu banyak dalam semenit; pesan berikutnya kami abaikan "
                "sebentar. Silakan kirim lagi sebentar lagi."
            ),
        ),
    },
}

FREE_TEXT = ("reason", "text", "problems")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass
class Text:
    subject: str
    body: str


def fill(template: str, values: dict[str, str]) -> str:
    """Put values in `{name}` placeholders; an unknown name is left as written. No format(),
    so an administrator's template can reach nothing but these strings."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


_templates: Memo[dict[tuple[str, str, str], tuple[str, str]]] = Memo(
    "message_templates", (MessageTemplate,)
)


def city_templates(jurisdiction_id: int) -> dict[tuple[str, str, str], tuple[str, str]]:
    """The city's own templates, (key, channel, language) -> (subject, body), as the process
    remembers them (laksa.lib.memo): every report's acknowledgement asks."""

    def load() -> dict[tuple[str, str, str], tuple[str, str]]:
        rows = MessageTemplate.objects.filter(jurisdiction_id=jurisdiction_id).order_by("-id")
        return {
            (key, channel, language): (subject, body)
            for key, channel, language, subject, body in rows.values_list(
                "key", "channel", "language", "subject", "body"
            )
        }

    return _templates.get(jurisdiction_id, load)


def render(
    key: str, channel: str, language: str, values: dict[str, str], *, jurisdiction_id: int
) -> Text:
    """The message's subject and body in the citizen's language, from the city's template or the
    default."""
    row = city_templates(jurisdiction_id).get((key, channel, language))
    if row is not None:
        subject, body = row
    else:
        defaults = DEFAULTS[key]
        default_subject, default_body = defaults.get(channel) or defaults[MessageChannel.SMS]
        with translation.override(language):
            subject, body = str(default_subject), str(default_body)
    if channel != MessageChannel.EMAIL:
        values = shortened(body, values)
    return Text(subject=fill(subject, values).strip()[:200], body=fill(body, values).strip())


def shortened(body: str, values: dict[str, str]) -> dict[str, str]:
    """The values with free text cut so that the SMS stays within SMS_MAX_CHARS."""
    rest = len(fill(body, {**values, **dict.fromkeys(FREE_TEXT, "")}))
    room = max(SMS_MAX_CHARS - rest, 40)
    out = dict(values)
    for name in FREE_TEXT:
        text = " ".join(out.get(name, "").split())
        out[name] = text if len(text) <= room else text[: room - 3].rstrip() + "..."
    return out
