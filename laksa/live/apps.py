from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "laksa.live"
    label = "live"
    verbose_name = _("Layar LIVE Room")

    def ready(self) -> None:
        from laksa.live import fanout, hub
        from laksa.reports.events import event_committed

        event_committed.connect(hub.wake_local, dispatch_uid="laksa.live.wake_local")
        event_committed.connect(fanout.publish_redis, dispatch_uid="laksa.live.publish_redis")
