"""The performance dashboards under /kinerja/ (namespace "kpi"); the government indicators'
pages from their own folder."""

from django.urls import include, path

from laksa.kpi import views

app_name = "kpi"
urlpatterns = [
    path("", views.home, name="home"),
    path("instansi/<int:pk>/", views.agency, name="agency"),
    path("wilayah/<int:pk>/", views.area, name="area"),
    path("indikator/", include("laksa.kpi.indicators.urls")),
]
