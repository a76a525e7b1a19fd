from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "laksa.api"
    label = "api"
    verbose_name = "JSON API"

    def ready(self) -> None:
        from laksa.api.auth import link_tokens
        from laksa.org.request_log import logged

        logged.connect(link_tokens, dispatch_uid="api.link_tokens")
