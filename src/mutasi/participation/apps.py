from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "mutasi.participation"
    verbose_name = _("Partisipasi")

    def ready(self) -> None:
        from mutasi.core import inbox as core_inbox
        from mutasi.core.models import Role

        from . import inbox

        core_inbox.register(inbox.inbox)
        core_inbox.register_landing(Role.EMPLOYEE, inbox.employee_landing)
