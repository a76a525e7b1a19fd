"""The Instagram webhook, under /kanal/instagram/ (namespace "intake")."""

from django.urls import path

from laksa.intake.instagram import views

urlpatterns = [
    path("<slug:name>/", views.webhook, name="instagram"),
]
