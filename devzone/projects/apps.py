from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "devzone.projects"
    label = "projects"
    verbose_name = _("重点项目全程代办")

    def ready(self) -> None:
        from devzone.core.bench_extensions import register_bench, register_load
        from devzone.core.demo.extensions import register_demo
        from devzone.projects import (
            access,  # noqa: F401  (grants the roles their rights on this app)
            dispatch_sections,
            jobs,  # noqa: F401  (registers the periodic jobs)
        )

        dispatch_sections.register()
        register_demo(10, "projects", _demo)
        register_load(
            "key_projects",
            "重点项目: key projects to add, with milestones and 10 problems each (e.g. 500)",
            _load,
        )
        register_bench(
            "projects", "重点项目: the portfolio page and the weekly dispatch (page and Word)", _bench
        )


def _demo(*, city, zones, zone, rng):
    from devzone.projects.demo import load

    load(city=city, zones=zones, zone=zone, rng=rng)


def _load(*, zone, count, seed, log):
    from devzone.core.bench import REFERENCE_DAY
    from devzone.projects.bench import loadgen

    return loadgen(zone=zone, count=count, on=REFERENCE_DAY, seed=seed, log=log)


def _bench(*, zone, leader, repeat, log):
    from devzone.core.bench import REFERENCE_DAY
    from devzone.projects.bench import run

    return run(zone=zone, leader=leader, on=REFERENCE_DAY, repeat=repeat, log=log)
