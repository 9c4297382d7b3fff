from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "devzone.planning"
    label = "planning"
    verbose_name = _("市级统筹")
    # access.py and hooks.py are found by core.registry; demo.py registers there too.
