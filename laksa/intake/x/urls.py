"""The X webhook, under /kanal/x/ (namespace "intake")."""

from django.urls import path

from laksa.intake.x import views

urlpatterns = [
    path("<slug:name>/", views.webhook, name="x"),
]
