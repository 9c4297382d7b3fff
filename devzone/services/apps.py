from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "devzone.services"
    label = "services"
    verbose_name = _("企业服务")

    def ready(self) -> None:
        from devzone.core.bench_extensions import register_bench, register_load
        from devzone.core.demo.extensions import register_demo
        from devzone.services import (
            access,  # noqa: F401  (grants the roles their rights on this app)
            hooks,  # noqa: F401  (listens to the projects module: resolved problems)
            jobs,  # noqa: F401  (registers the periodic jobs)
        )

        register_demo(20, "services", _demo)
        register_load("service_requests", "企业服务: requests and ratings to add (e.g. 100000)", _load)
        register_bench(
            "services", "企业服务: request queue, rating statistics, satisfaction, enterprise file", _bench
        )


def _demo(*, city, zones, zone, rng):
    from devzone.services.demo import load

    load(city=city, zones=zones, zone=zone, rng=rng)


def _load(*, zone, count, seed, log):
    from devzone.core.bench import REFERENCE_DAY
    from devzone.services.bench import loadgen

    return loadgen(zone=zone, count=count, end=REFERENCE_DAY, seed=seed, log=log)


def _bench(*, zone, leader, repeat, log):
    from devzone.core.bench import REFERENCE_DAY
    from devzone.services.bench import run

    return run(zone=zone, leader=leader, on=REFERENCE_DAY, repeat=repeat, log=log)
