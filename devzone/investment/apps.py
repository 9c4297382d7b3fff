from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestmentConfig(AppConfig):
    name = "devzone.investment"
    label = "investment"
    verbose_name = _("大招商")
    # access.py, jobs.py and hooks.py are found by core.registry; demo.py and bench.py register there too.
