from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "devzone.performance"
    label = "performance"
    verbose_name = _("绩效考核")
    # access.py, jobs.py and hooks.py are found by core.registry; demo.py and bench.py register there too.
