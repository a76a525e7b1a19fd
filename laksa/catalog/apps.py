from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "laksa.catalog"
    label = "catalog"
    verbose_name = _("Katalog layanan")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from laksa.catalog.models import Category, Question
        from laksa.catalog.published import changed, changed_after_migrate
        from laksa.org.models import Agency, Area, Jurisdiction

        # What the light reads show (laksa.catalog.published): each change is a new version.
        for model in (Jurisdiction, Area, Agency, Category, Question):
            name = model._meta.label_lower
            post_save.connect(changed, sender=model, dispatch_uid=f"published.saved.{name}")
            post_delete.connect(changed, sender=model, dispatch_uid=f"published.deleted.{name}")
        m2m_changed.connect(
            changed, sender=Category.support_agencies.through, dispatch_uid="published.support"
        )
        post_migrate.connect(changed_after_migrate, sender=self, dispatch_uid="published.migrate")
