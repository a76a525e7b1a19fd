"""The WhatsApp webhook, under /kanal/whatsapp/ (namespace "intake")."""

from django.urls import path

from laksa.intake.whatsapp import views

urlpatterns = [
    path("<slug:name>/", views.webhook, name="whatsapp"),
]
