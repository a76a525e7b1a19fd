from django.urls import path

from laksa.field import views

app_name = "field"
urlpatterns = [
    path("", views.jobs, name="jobs"),
    path("r/<str:code>/", views.report_detail, name="report"),
    path("r/<str:code>/terima/", views.accept, name="accept"),
    path("r/<str:code>/mulai/", views.start, name="start"),
    path("r/<str:code>/selesai/", views.complete, name="complete"),
]
