"""Sign-in with lockout: after LAKSA_SIGNIN_FAILURES wrong passwords a username is locked for
LAKSA_SIGNIN_LOCK_SECONDS, doubled at each further failure (up to the maximum); an address with
too many failures (the "signin_ip" rate) is refused too. Counted in the cache (lib.throttle),
logged on `laksa.security`; the staff sign-in page answers a refusal with 429, the admin's with
its own error."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import user_logged_in, user_login_failed
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from laksa.lib import clock, throttle

log = logging.getLogger("laksa.security")
FAILURES_KEPT = 24 * 3600
"""A username's failures are forgotten a day after the last one (or at its next sign-in)."""


def _user_key(username: str, what: str) -> str:
    digest = hashlib.sha256(username.strip().lower().encode("utf-8", "replace")).hexdigest()[:32]
    return f"laksa:signin:{what}:{digest}"


def refusal(request: HttpRequest | None, username: str) -> int:
    """Seconds until this username, from this address, may try again; 0 when it may now."""
    waits = []
    locked_until = cache.get(_user_key(username, "lock"))
    if locked_until:
        waits.append(int(float(locked_until) - clock.now().timestamp()))
    if request is not None:
        by_address = throttle.peek("signin_ip", throttle.client_ip(request))
        if not by_address.allowed:
            waits.append(by_address.retry_after)
    return max([0, *waits])


@receiver(user_login_failed, dispatch_uid="laksa.signin.failed")
def _failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
            **kwargs: Any) -> None:  # fmt: skip
    if request is not None and getattr(request, "_laksa_signin_refused", False):
        return  # a refused attempt checked no password: it does not lengthen the lock
    username = str(credentials.get("username") or "")
    address = throttle.client_ip(request) if request is not None else "unknown"
    if request is not None:
        throttle.hit("signin_ip", address)
    key = _user_key(username, "failures")
    failures = throttle.count_in_cache(key, FAILURES_KEPT)
    over = failures - settings.LAKSA_SIGNIN_FAILURES
    if over >= 0:
        seconds = min(
            settings.LAKSA_SIGNIN_LOCK_SECONDS * 2**over, settings.LAKSA_SIGNIN_LOCK_MAX_SECONDS
        )
        cache.set(_user_key(username, "lock"), clock.now().timestamp() + seconds, timeout=seconds)
        log.warning(
            "sign-in locked: username %r from %s after %d failures, for %d s",
            username[:150], address, failures, seconds,
        )  # fmt: skip
    else:
        log.info("sign-in failed: username %r from %s (%d)", username[:150], address, failures)


@receiver(user_logged_in, dispatch_uid="laksa.signin.succeeded")
def _succeeded(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    cache.delete(_user_key(user.get_username(), "failures"))


class LockoutMixin:
    """A sign-in form that refuses, before any password is checked, a locked username or
    address (error code "locked"; `wait` holds the seconds to wait)."""

    request: HttpRequest | None
    wait = 0

    def clean(self) -> dict[str, Any]:
        username = str(self.cleaned_data.get("username") or "")  # type: ignore[attr-defined]
        self.wait = refusal(self.request, username)
        if self.wait > 0:
            if self.request is not None:
                self.request._laksa_signin_refused = True  # type: ignore[attr-defined]
            log.warning(
                "sign-in refused while locked: username %r from %s",
                username[:150],
                throttle.client_ip(self.request) if self.request is not None else "unknown",
            )
            raise ValidationError(locked_text(self.wait), code="locked")
        return super().clean()  # type: ignore[misc,no-any-return]


def locked_text(seconds: int) -> str:
    return _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(wait)s.") % {
        "wait": throttle.wait_text(seconds)
    }


class SignInForm(LockoutMixin, AuthenticationForm):
    pass


class AdminSignInForm(LockoutMixin, AdminAuthenticationForm):
    pass


class SignInView(LoginView):
    """The staff sign-in page: a locked username or address gets 429 and when to try again."""

    template_name = "registration/login.html"
    authentication_form = SignInForm

    def form_invalid(self, form: Any) -> HttpResponse:
        wait = getattr(form, "wait", 0)
        if wait <= 0:
            return super().form_invalid(form)
        response = self.render_to_response(
            self.get_context_data(form=form, refused=locked_text(wait)), status=429
        )
        response["Retry-After"] = str(wait)
        return response
