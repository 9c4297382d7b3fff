"""Demo data of 企业服务 (filled in below)."""


def load(*, city, zones, zone, rng) -> None:
    return None
