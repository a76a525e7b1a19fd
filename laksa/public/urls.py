from django.urls import path

from laksa.public import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("lapor/", views.report_form, name="report"),
    path("peta/", views.public_map, name="map"),
    path("statistik/", views.stats, name="stats"),
]
