from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "laksa.public"
    label = "public"
