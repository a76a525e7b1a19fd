from django.urls import path

from laksa.field import pwa, views

app_name = "field"
urlpatterns = [
    path("", views.jobs, name="jobs"),
    path("r/<str:code>/", views.report_detail, name="report"),
    path("r/<str:code>/<slug:action>/", views.act, name="act"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="sw"),
    path("offline/", pwa.offline, name="offline"),
]
