from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "mutasi.core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        # Login records and sessions: kept for a while, then removed (``mutasi retention``).
        from .privacy_kinds import register

        register()
