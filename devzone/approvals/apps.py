from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "devzone.approvals"
    label = "approvals"
    verbose_name = _("大审批")
    # access.py, jobs.py and hooks.py are found by core.registry; demo.py and bench.py register there too.
