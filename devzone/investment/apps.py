from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestmentConfig(AppConfig):
    name = "devzone.investment"
    label = "investment"
    verbose_name = _("大招商")

    def ready(self) -> None:
        from devzone.core.bench_extensions import register_bench, register_load
        from devzone.core.demo.extensions import register_demo
        from devzone.investment import (
            access,  # noqa: F401  (grants the roles their rights on this app)
            jobs,  # noqa: F401  (registers the follow-up scan)
        )
        from devzone.investment.services import on_milestone_reached
        from devzone.projects.hooks import on_milestone_reached as register_hook

        register_hook(on_milestone_reached)
        register_demo(30, "investment", _demo)
        register_load("leads", "大招商: leads to add (e.g. 200000)", _load)
        register_bench("investment", "大招商: the funnel, the leaderboard and the lead lists", _bench)


def _demo(*, city, zones, zone, rng):
    from devzone.investment.demo import load

    load(city=city, zones=zones, zone=zone, rng=rng)


def _load(*, zone, count, seed, log):
    from devzone.investment.bench import loadgen_leads

    return loadgen_leads(zone=zone, count=count, seed=seed, log=log)


def _bench(*, zone, leader, repeat, log):
    from devzone.investment.bench import run

    return run(zone=zone, leader=leader, repeat=repeat, log=log)
