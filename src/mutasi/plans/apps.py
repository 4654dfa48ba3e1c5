from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "mutasi.plans"
    verbose_name = _("Rencana mutasi")

    def ready(self) -> None:
        # Extension point of the earlier participation stage: employees see published plans.
        from mutasi.participation import outcomes

        from .outcomes import published_outcomes

        outcomes.register(published_outcomes)

        # The task worker's supervisor fails runs whose heartbeat stopped.
        from mutasi.core.runtime import register_periodic_check

        from .runs import periodic_check

        register_periodic_check(periodic_check)

        # The employee's download (mutasi.core.privacy).
        from . import privacy

        privacy.register()

        from mutasi.core import inbox as core_inbox
        from mutasi.core.models import Role

        from . import inbox

        core_inbox.register(inbox.inbox)
        core_inbox.register_landing(Role.UNIT_HEAD, inbox.unit_head_landing)
