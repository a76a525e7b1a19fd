from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "laksa.dispatch"
    label = "dispatch"
    verbose_name = _("Penugasan dan eskalasi")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from laksa.dispatch import escalation, follow
        from laksa.dispatch.models import EscalationRule
        from laksa.org.models import Holiday
        from laksa.reports.events import event_recorded

        event_recorded.connect(follow.on_event, dispatch_uid="dispatch.follow")
        for signal in (post_save, post_delete):
            for model in (EscalationRule, Holiday):
                signal.connect(
                    escalation.city_rules_changed,
                    sender=model,
                    dispatch_uid=f"dispatch.reread.{model.__name__}",
                )
