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
        from devzone.approvals.dispatch import register as register_dispatch_section
        from devzone.core.bench_extensions import register_bench, register_load

        register_dispatch_section()  # the weekly dispatch's "approvals near their deadline" (projects)
        register_load("applications", "大审批: applications to add (e.g. 1000000)", _load)
        register_bench("approvals", "大审批: statistics, review queues and the deadline scan", _bench)


def _load(*, zone, count, seed, log):
    from devzone.approvals.bench import loadgen_applications
    from devzone.core.bench import REFERENCE_DAY

    return loadgen_applications(zone=zone, count=count, end=REFERENCE_DAY, seed=seed, log=log)


def _bench(*, zone, leader, repeat, log):
    from devzone.approvals.bench import run
    from devzone.core.bench import REFERENCE_DAY

    return run(zone=zone, leader=leader, on=REFERENCE_DAY, repeat=repeat, log=log)
