from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "laksa.kpi.indicators"
    label = "indicators"
    verbose_name = _("Kinerja: keuangan, fisik dan pengadaan")
