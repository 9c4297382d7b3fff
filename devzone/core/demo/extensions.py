"""Modules add their part of the demo here (from their ``AppConfig.ready``), so the core loader never imports a
module that depends on core. Steps run in ``order`` after the city, the zones, the accounts and 大审批 exist."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoStep:
    order: int  # projects 10, services 20, investment 30, performance 40
    name: str
    load: Callable[..., None]  # load(*, city, zones: dict[short name, Zone], zone: 济北 Zone, rng) -> None


STEPS: list[DemoStep] = []


def register_demo(order: int, name: str, load: Callable[..., None]) -> None:
    if not any(step.name == name for step in STEPS):
        STEPS.append(DemoStep(order, name, load))


def run_steps(*, city, zones: dict, zone, rng) -> None:
    for step in sorted(STEPS, key=lambda s: s.order):
        step.load(city=city, zones=zones, zone=zone, rng=rng)
