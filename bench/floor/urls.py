"""The floor's one URL: a fixed JSON answer of about 55 bytes, the size of a small API answer."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

ANSWER = {"service_code": "PJU-MTI", "status": "open", "count": 1}


def floor(request: HttpRequest) -> JsonResponse:
    return JsonResponse(ANSWER)


urlpatterns = [path("", floor)]
