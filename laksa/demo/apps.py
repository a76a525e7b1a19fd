from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "laksa.demo"
    label = "demo"
