from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "devzone.services"
    label = "services"
    verbose_name = _("企业服务")
    # access.py, jobs.py and hooks.py are found by core.registry; demo.py and bench.py register there too.
