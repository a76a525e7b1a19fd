from django.urls import path

from laksa.intake.email import views

urlpatterns = [
    path("<slug:account>/mailgun/", views.mailgun, name="email_mailgun"),
]
