from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "mutasi.training"
    verbose_name = _("Pengembangan kompetensi")
