"""SMS webhooks, under /kanal/sms/ (namespace "intake")."""

from django.urls import path

from laksa.intake.sms import views

urlpatterns = [
    path("kannel/<slug:name>/", views.kannel, name="sms-kannel"),
    path("gateway/<slug:name>/", views.gateway, name="sms-gateway"),
]
