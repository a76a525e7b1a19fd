"""Mounted at the site's root, before the public site (whose `r/<code>/` would take
`r/kirim-tautan/`)."""

from django.urls import path

from laksa.notify import views

app_name = "notify"
urlpatterns = [
    path("r/kirim-tautan/", views.send_my_link, name="send_link"),
    path("console/pesan/", views.trouble, name="trouble"),
    path("console/pesan/<int:pk>/kirim-ulang/", views.retry, name="retry"),
    path("console/r/<str:code>/pesan/", views.report_messages, name="report"),
]
