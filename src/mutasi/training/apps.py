from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "mutasi.training"
    verbose_name = _("Pengembangan kompetensi")

    def ready(self) -> None:
        # This app's sheets of the import workbook (see mutasi.people.registry).
        from mutasi.people.registry import register

        from .workbook import PLUGINS

        for plugin in PLUGINS:
            register(plugin)
