from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "devzone.exchange"
    label = "exchange"
    verbose_name = _("数据交换")
    # access.py and jobs.py are found by core.registry; demo.py registers there too.
