from django.apps import AppConfig


class FieldConfig(AppConfig):
    name = "laksa.field"
    label = "field"
