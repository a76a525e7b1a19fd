from django.urls import path

from laksa.console import views

app_name = "console"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("r/<str:code>/", views.report_detail, name="report"),
    path("r/<str:code>/verifikasi/", views.verify, name="verify"),
    path("r/<str:code>/tolak/", views.reject, name="reject"),
    path("r/<str:code>/gabung/", views.merge, name="merge"),
    path("r/<str:code>/rujuk/", views.refer, name="refer"),
]
