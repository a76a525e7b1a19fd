from django.urls import path

from laksa.live import views

app_name = "live"
urlpatterns = [
    path("stream", views.stream, name="stream"),
    path("wall", views.wall_page, name="wall"),
    path("wall/k/<str:token>/", views.wall_page, name="kiosk"),
    path("wall/state.json", views.wall_state, name="state"),
    path("wall/summary.json", views.wall_summary, name="summary"),
]
