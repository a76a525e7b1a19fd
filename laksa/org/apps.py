from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "laksa.org"
    label = "org"
    verbose_name = "Organisasi / Organisation"
