"""Load and measurements of 企业服务 for ``devzone loadgen`` / ``devzone bench`` (filled in below)."""


def loadgen(*, zone, count, end, seed, log) -> dict:
    return {}


def run(*, zone, leader, on, repeat, log) -> list:
    return []
