"""E-mail through SMTP: the account's server (settings `host`, `port`, `username`, `use_tls`,
`use_ssl`, `sender`; secret `password`), or Django's EMAIL_* settings when the city has no SMTP
account. The Message-ID is made from the send_key, so a message sent twice (the worker died
between sending and recording) carries the same id and mail clients show it once.
"""

from __future__ import annotations

import smtplib
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from laksa.intake.outbound import (
    TIMEOUT,
    Outgoing,
    PermanentError,
    Sent,
    TemporaryError,
    safe_error,
)

if TYPE_CHECKING:
    from laksa.intake.models import ChannelAccount


def message_id(message: Outgoing) -> str:
    domain = settings.LAKSA_BASE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"<{message.send_key}@{domain or 'laksa'}>"


def send(message: Outgoing, account: ChannelAccount | None) -> Sent:
    if account is not None:
        use_ssl = bool(account.setting("use_ssl", False))
        connection = get_connection(
            "django.core.mail.backends.smtp.EmailBackend",
            host=account.setting("host") or "localhost",
            port=int(account.setting("port") or (465 if use_ssl else 25)),
            username=account.setting("username") or None,
            password=account.secret("password") or None,
            use_tls=bool(account.setting("use_tls", False)),
            use_ssl=use_ssl,
            timeout=TIMEOUT[1],
        )
        sender = account.setting("sender") or settings.DEFAULT_FROM_EMAIL
    else:
        connection = get_connection(timeout=TIMEOUT[1])
        sender = settings.DEFAULT_FROM_EMAIL
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=sender,
        to=[message.recipient],
        headers={"Message-ID": message_id(message)},
        connection=connection,
    )
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        # The server's answer without the address it is keyed by (staff see the address masked).
        answers = "; ".join(
            f"SMTP {code}: {safe_error(_said(said), recipient=message.recipient)}"
            for code, said in exc.recipients.values()
        )[:300]
        codes = [code for code, _text in exc.recipients.values()]
        if any(400 <= code < 500 for code in codes):
            raise TemporaryError(f"recipient refused for now: {answers}") from exc
        raise PermanentError(f"recipient refused: {answers}") from exc
    except smtplib.SMTPResponseException as exc:
        said = safe_error(_said(exc.smtp_error), recipient=message.recipient)
        text = f"SMTP {exc.smtp_code}: {said}"[:300]
        if 500 <= exc.smtp_code < 600 and exc.smtp_code not in (421, 451, 452):
            raise PermanentError(text) from exc
        raise TemporaryError(text) from exc
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        said = safe_error(str(exc), recipient=message.recipient)
        raise TemporaryError(f"{type(exc).__name__}: {said[:300]}") from exc
    return Sent(provider_message_id=message_id(message))


def _said(answer: bytes | str) -> str:
    """An SMTP server's answer text as text (smtplib keeps it as bytes)."""
    if isinstance(answer, bytes):
        return answer.decode("utf-8", "replace")
    return str(answer)
