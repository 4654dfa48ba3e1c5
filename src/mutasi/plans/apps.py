from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "mutasi.plans"
    verbose_name = _("Rencana mutasi")
