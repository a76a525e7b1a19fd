"""The redirect of plain http to https keeps a write's method. Django's SecurityMiddleware answers
with 301, and after a 301 `requests` (what Open311's clients are built on) and browsers send a POST
again as a GET: an Open311 client got a list of other people's reports for its new one, which was
never made. A write (anything but GET and HEAD) is sent on with 308 instead, which keeps the
method and the body; a read keeps the 301. Listed just before SecurityMiddleware, whose settings
(SECURE_SSL_REDIRECT, SECURE_SSL_HOST, SECURE_REDIRECT_EXEMPT) say where and whether to send it.

308 rather than refusing the write: the request has crossed in the clear either way, and a client
set up with an http:// endpoint (three keeps it as given) still has its report made, once; nginx
answers the same (deploy/nginx/laksa-site.conf), without passing the request to the app."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.middleware.security import SecurityMiddleware

READS = ("GET", "HEAD")


class WriteRedirectMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.security = SecurityMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in READS:
            redirect = self.security.process_request(request)
            if redirect is not None:
                return HttpResponse(status=308, headers={"Location": redirect["Location"]})
        return self.get_response(request)
