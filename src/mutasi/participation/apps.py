from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "mutasi.participation"
    verbose_name = _("Partisipasi")

    def ready(self) -> None:
        # This app's sheets of the import workbook (see mutasi.people.registry).
        from mutasi.people.registry import register

        from .sheets import PLUGIN

        register(PLUGIN)

        # Keeping times and the employee's download (mutasi.core.privacy).
        from . import privacy

        privacy.register()

        from mutasi.core import inbox as core_inbox
        from mutasi.core.models import Role

        from . import inbox

        core_inbox.register(inbox.inbox)
        core_inbox.register_landing(Role.EMPLOYEE, inbox.employee_landing)
