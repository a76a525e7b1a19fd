"""The government indicators' pages, under /kinerja/indikator/ (namespace "kpi:indicators")."""

from django.urls import path

from laksa.kpi.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.city_overview, name="overview"),
    path("instansi/<str:code>/", views.agency_detail, name="agency"),
    path("proyek/<int:pk>/", views.project_detail, name="project"),
    path("anggaran/", views.budget, name="budget"),
    path("pengadaan/", views.procurement, name="procurement"),
    path("impor/", views.import_page, name="imports"),
    path("impor/<int:pk>/", views.import_detail, name="import"),
    path("templat/<str:kind>.<str:fmt>", views.template_download, name="template"),
    path("laporan-bulanan/", views.monthly_report, name="monthly_report"),
]
