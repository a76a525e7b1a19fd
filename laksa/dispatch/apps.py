from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "laksa.dispatch"
    label = "dispatch"
    verbose_name = _("Penugasan dan eskalasi")

    def ready(self) -> None:
        from laksa.dispatch import follow
        from laksa.reports.events import event_recorded

        event_recorded.connect(follow.on_event, dispatch_uid="dispatch.follow")
