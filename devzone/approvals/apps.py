from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "devzone.approvals"
    label = "approvals"
    verbose_name = _("大审批")

    def ready(self) -> None:
        from devzone.approvals import (
            access,  # noqa: F401  (grants the roles their rights on this app)
            jobs,  # noqa: F401  (registers the periodic deadline scan)
        )
