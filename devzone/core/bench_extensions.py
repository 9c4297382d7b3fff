"""Modules add their own load and measurements to ``devzone loadgen`` and ``devzone bench`` here, so the core
commands never import a module that depends on core."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class LoadExtension:
    option: str  # e.g. "applications": adds --applications N to devzone loadgen
    help: str
    load: Callable[..., dict]  # load(zone=, count=, seed=, log=) -> figures


@dataclass(frozen=True)
class BenchExtension:
    flag: str  # e.g. "approvals": adds --approvals to devzone bench
    help: str
    run: Callable[..., list]  # run(zone=, leader=, repeat=, log=) -> measurements


LOAD: list[LoadExtension] = []
BENCH: list[BenchExtension] = []


def register_load(option: str, help: str, load: Callable[..., dict]) -> None:
    LOAD.append(LoadExtension(option, help, load))


def register_bench(flag: str, help: str, run: Callable[..., list]) -> None:
    BENCH.append(BenchExtension(flag, help, run))
