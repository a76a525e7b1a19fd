from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "laksa.intake"
    label = "intake"
    verbose_name = _("Kanal masuk")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from laksa.intake.accounts import forget_accounts
        from laksa.intake.models import ChannelAccount

        post_save.connect(forget_accounts, sender=ChannelAccount, dispatch_uid="intake.forget")
        post_delete.connect(forget_accounts, sender=ChannelAccount, dispatch_uid="intake.gone")
