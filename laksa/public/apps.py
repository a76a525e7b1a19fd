from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "laksa.public"
    label = "public"

    def ready(self) -> None:
        from laksa.public import map_data  # noqa: F401  (connects the boundary cache's signal)
