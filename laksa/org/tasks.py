"""Background jobs of the organisation's records and of the site's sign-ins and form sessions,
run by the huey worker."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from laksa.org.keys import prune_log


@db_periodic_task(crontab(minute="23", hour="*/6"))
def prune_api_request_log() -> int:
    """API request log rows older than LAKSA_API_LOG_DAYS are deleted."""
    return prune_log()


@db_periodic_task(crontab(minute="41", hour="19"))  # huey counts in UTC: 02:41 in WIB
def clear_expired_sessions() -> None:
    """Sessions past their expiry are deleted (Django's `clearsessions`): every visit to /lapor/
    or /buku-tamu/ writes one for the form's token (intake.web.tokens), and nothing else removes
    them."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
