from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "laksa.org"
    label = "org"
    verbose_name = _("Organisasi")

    def ready(self) -> None:
        from django.core.signals import request_finished
        from django.db.models.signals import post_delete, post_save

        from laksa.org.models import Jurisdiction
        from laksa.org.request_log import flush_if_due
        from laksa.org.selectors import forget_city, reread_city

        request_finished.connect(flush_if_due, dispatch_uid="org.request_log")
        post_save.connect(reread_city, sender=Jurisdiction, dispatch_uid="org.forget_city")
        post_delete.connect(forget_city, sender=Jurisdiction, dispatch_uid="org.forget_city_gone")
