"""Every channel's webhooks under /kanal/, each channel's from its own folder; the guest book's
public form at /buku-tamu/."""

from django.urls import include, path

app_name = "intake"
urlpatterns = [
    path("kanal/sms/", include("laksa.intake.sms.urls")),
    path("kanal/surel/", include("laksa.intake.email.urls")),
    path("kanal/whatsapp/", include("laksa.intake.whatsapp.urls")),
    path("kanal/telegram/", include("laksa.intake.telegram.urls")),
    path("kanal/facebook/", include("laksa.intake.facebook.urls")),
    path("kanal/instagram/", include("laksa.intake.instagram.urls")),
    path("kanal/x/", include("laksa.intake.x.urls")),
    path("buku-tamu/", include("laksa.intake.guestbook.urls")),
]
