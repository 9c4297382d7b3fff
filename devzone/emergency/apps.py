from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmergencyConfig(AppConfig):
    name = "devzone.emergency"
    label = "emergency"
    verbose_name = _("应急保障")
    # access.py and hooks.py are found by core.registry; demo.py registers there too.
