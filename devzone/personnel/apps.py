from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonnelConfig(AppConfig):
    name = "devzone.personnel"
    label = "personnel"
    verbose_name = _("人事")
    # access.py, jobs.py and hooks.py are found by core.registry; demo.py and bench.py register there too.
