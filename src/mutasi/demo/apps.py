from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "mutasi.demo"
    verbose_name = _("Data demo")

    def ready(self) -> None:
        # Extension point of the planner's benchmark: the demo region and its variants.
        from mutasi.planner.regions import register_region

        from .regions import demo_problem

        register_region("demo", demo_problem)
