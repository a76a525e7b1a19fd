from django.urls import path

from laksa.console.views import staff_home

app_name = "field"
urlpatterns = [path("", staff_home, name="jobs")]
