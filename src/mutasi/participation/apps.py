from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "mutasi.participation"
    verbose_name = _("Partisipasi")
