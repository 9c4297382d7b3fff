"""Periodic work of the personnel module, registered with the core scheduler and run by the worker: 刚性淘汰
decisions become final once their appeal window has passed without an appeal."""

from __future__ import annotations

from django_tasks import task

from devzone.core import registry


@task()
def cases_finalize() -> int:
    from devzone.core.actors import system_actor
    from devzone.personnel.services.staffing import cases_finalize as finalize

    return finalize(actor=system_actor())


registry.job("personnel.cases_finalize", "devzone.personnel.jobs.cases_finalize", 24 * 3600, at="00:05")
