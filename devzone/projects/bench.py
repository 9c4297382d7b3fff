"""Load and benchmark of the key-project module (filled in below)."""

from __future__ import annotations


def loadgen(*, zone, count, on, seed, log) -> dict:
    log("  key projects: not implemented yet")
    return {}


def run(*, zone, leader, on, repeat, log) -> list:
    log("  projects: not implemented yet")
    return []
