"""Plain helpers of the planning tests: an assessment scheme of two indicators, scored for each zone and
published through the services (never by hand)."""

from __future__ import annotations

from devzone.planning import services

INDICATORS = [
    {"name": "签约项目", "weight": "50", "target": "4", "source": "contracts"},
    {"name": "亩均税收", "weight": "50", "target": "20", "source": "entered"},
]


def published_scheme(officer, zones, values, *, year: int = 2026, name: str = "省级开发区考核"):
    """The city's provincial scheme of ``year`` (``INDICATORS``), each of ``zones`` scored with its entered
    value from ``values`` (taxes per mu), then published."""
    scheme = services.scheme_set(
        actor=officer,
        year=year,
        category="provincial",
        name=name,
        full_pool_fen=10_000_00,
        indicators=INDICATORS,
    )
    entered = str(scheme.indicators.get(source="entered").pk)
    for zone, value in zip(zones, values, strict=True):
        services.zone_score(
            actor=officer,
            scheme_id=scheme.pk,
            zone_id=zone.pk,
            entered={entered: {"value": str(value), "evidence": "税务"}},
        )
    services.publish(actor=officer, scheme_id=scheme.pk)
    return scheme
