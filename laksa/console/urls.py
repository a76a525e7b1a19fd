from django.urls import path

from laksa.console import views

app_name = "console"
urlpatterns = [path("", views.staff_home, name="queue")]
