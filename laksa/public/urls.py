from django.urls import path

from laksa.public import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", views.web_manifest, name="manifest"),
    path("lapor/", views.report_form, name="report"),
    path("lapor/pertanyaan/", views.report_questions, name="questions"),
    path("lapor/dekat/", views.report_nearby, name="nearby"),
    path("r/", views.track_lookup, name="track_lookup"),
    path("r/<str:code>/", views.track, name="track"),
    path("r/<str:code>/dukung/", views.support, name="support"),
    path("r/<str:code>/<str:secret>/", views.track_private, name="track_private"),
    path("r/<str:code>/<str:secret>/konfirmasi/", views.confirm, name="confirm"),
    path("r/<str:code>/<str:secret>/sanggah/", views.dispute, name="dispute"),
    path("r/<str:code>/<str:secret>/nilai/", views.rate, name="rate"),
    path("foto/<uuid:photo_uuid>.jpg", views.photo, name="photo"),
    path("foto/<uuid:photo_uuid>-t.jpg", views.thumb, name="thumb"),
    path("peta/", views.public_map, name="map"),
    path("peta/wilayah.json", views.map_areas, name="map_areas"),
    path("peta/data.json", views.map_points, name="map_data"),
    path("statistik/", views.stats, name="stats"),
]
