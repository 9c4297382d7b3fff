from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PowersConfig(AppConfig):
    name = "devzone.powers"
    label = "powers"
    verbose_name = _("职能目录与权责清单")
    # access.py and hooks.py are found by core.registry; demo.py registers there too.
