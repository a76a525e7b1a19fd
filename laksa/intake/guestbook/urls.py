from django.urls import path

from laksa.intake.guestbook import views

urlpatterns = [
    path("", views.guestbook, name="guestbook"),
    path("terima-kasih/", views.thanks, name="guestbook_thanks"),
]
