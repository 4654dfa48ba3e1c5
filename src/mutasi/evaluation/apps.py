from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "mutasi.evaluation"
    verbose_name = _("Evaluasi dan monitoring")

    def ready(self) -> None:
        # Extend the earlier stages through the registries they own.
        from mutasi.participation import portal
        from mutasi.people.registry import register as register_sheet
        from mutasi.plans import policy_defaults

        from . import contributor, privacy, reminders, workbook_sheet

        register_sheet(workbook_sheet.PLUGIN)
        policy_defaults.register(contributor.CONTRIBUTOR)
        portal.register(reminders.survey_reminders)
        privacy.register()
