from django.urls import path

from laksa.console import views

app_name = "console"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("telepon/", views.call_entry, name="call"),
    path("eskalasi/", views.escalations, name="escalations"),
    path("r/<str:code>/", views.report_detail, name="report"),
    path("r/<str:code>/hadir/", views.presence, name="presence"),
    path("r/<str:code>/verifikasi/", views.verify, name="verify"),
    path("r/<str:code>/tolak/", views.reject, name="reject"),
    path("r/<str:code>/gabung/", views.merge, name="merge"),
    path("r/<str:code>/rujuk/", views.refer, name="refer"),
    path("r/<str:code>/prioritas/", views.priority, name="priority"),
    path("r/<str:code>/publik/", views.visibility, name="visibility"),
    path("r/<str:code>/balas/", views.reply, name="reply"),
    path("r/<str:code>/catatan/", views.note, name="note"),
    path("r/<str:code>/bukti/", views.proof, name="proof"),
    path("r/<str:code>/lokasi/", views.place, name="place"),
]
