from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "laksa.catalog"
    label = "catalog"
