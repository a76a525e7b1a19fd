"""The Telegram webhook, under /kanal/telegram/ (namespace "intake")."""

from django.urls import path

from laksa.intake.telegram import views

urlpatterns = [
    path("<slug:name>/", views.webhook, name="telegram-webhook"),
]
