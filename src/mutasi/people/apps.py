from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "mutasi.people"
    verbose_name = _("Kepegawaian")

    def ready(self) -> None:
        # This app's sheets of the import workbook (see mutasi.people.registry).
        from mutasi.people.registry import register

        from .sheets import PLUGINS

        for plugin in PLUGINS:
            register(plugin)

        # The employee's own download (mutasi.core.privacy).
        from . import privacy

        privacy.register()

        # The planner's inbox: imports checked and waiting to be confirmed (mutasi.core.inbox).
        from mutasi.core import inbox as core_inbox

        from . import inbox

        core_inbox.register(inbox.inbox)
