from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "mutasi.needs"
    verbose_name = _("Analisis kebutuhan")

    def ready(self) -> None:
        # This app's sheets of the import workbook (see mutasi.people.registry).
        from mutasi.people.registry import register

        from .sheets import PLUGIN

        register(PLUGIN)
