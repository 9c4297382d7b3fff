from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "devzone.performance"
    label = "performance"
    verbose_name = _("绩效考核")

    def ready(self) -> None:
        from devzone.core.bench_extensions import register_bench, register_load
        from devzone.core.demo.extensions import register_demo
        from devzone.performance import access  # noqa: F401  (grants the roles their rights)

        register_demo(40, "performance", _demo)
        register_load(
            "performance",
            "绩效考核: a city of N zones × 300 staff with a tallied round each (e.g. 20)",
            _load,
        )
        register_bench("performance", "绩效考核: coefficients, quotas and pay of every zone's round", _bench)


def _demo(*, city, zones, zone, rng):
    from devzone.performance.demo import load

    load(city=city, zones=zones, zone=zone, rng=rng)


def _load(*, zone, count, seed, log):
    from devzone.performance.bench import loadgen

    return loadgen(zone=zone, zones=count, seed=seed, log=log)


def _bench(*, zone, leader, repeat, log):
    from devzone.performance.bench import run

    return run(zone=zone, repeat=repeat, log=log)
