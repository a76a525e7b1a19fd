from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "laksa.notify"
    label = "notify"
    verbose_name = _("Pesan keluar")

    def ready(self) -> None:
        from laksa.intake.replies import reply_wanted
        from laksa.notify import enqueue
        from laksa.reports.events import event_recorded

        # Inside the event's transaction: the message commits with its cause or not at all.
        event_recorded.connect(enqueue.on_event, dispatch_uid="notify.enqueue")
        reply_wanted.connect(enqueue.on_reply_wanted, dispatch_uid="notify.reply")
