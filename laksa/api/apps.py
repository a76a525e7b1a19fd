from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "laksa.api"
    label = "api"
    verbose_name = "JSON API"
