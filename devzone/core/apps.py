from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "devzone.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self) -> None:
        from devzone.core import (
            background,  # noqa: F401  (the system administrator's desk item)
            checks,  # noqa: F401  (deployment checks: the public address of certificates)
            registry,
            scheduler,  # noqa: F401  (registers core's own periodic jobs)
            signals,  # noqa: F401  (login audit only; no domain steps in signals)
        )

        registry.discover(*registry.AT_START)
        from devzone.core.otp import seal_totp_seeds

        seal_totp_seeds()  # the authenticators' seeds sealed at rest (core.sealed)
