from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "devzone.dashboard"
    label = "dashboard"
    verbose_name = _("首页")
