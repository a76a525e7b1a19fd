"""The Facebook Page (Messenger) webhook, under /kanal/facebook/ (namespace "intake")."""

from django.urls import path

from laksa.intake.facebook import views

urlpatterns = [
    path("<slug:name>/", views.webhook, name="facebook"),
]
