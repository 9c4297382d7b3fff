"""Plain helpers of the planning tests: an assessment scheme set, its zones scored and published through the
services (never by hand)."""

from __future__ import annotations

from devzone.planning import services

INDICATORS = [
    {"name": "签约项目", "weight": "50", "target": "4", "source": "contracts"},
    {"name": "亩均税收", "weight": "50", "target": "20", "source": "entered"},
]
# one indicator the city enters (taxes per mu), the whole score: a value of 5 scores 50
TAX = {"name": "亩均税收", "weight": "100", "target": "10", "source": "entered"}


def scheme_of(
    officer,
    *,
    indicators=INDICATORS,
    category: str = "provincial",
    year: int = 2026,
    name: str = "省级开发区考核",
    full_pool_fen: int = 10_000_00,
):
    """A scheme set by ``officer`` (``INDICATORS`` for provincial zones unless told otherwise)."""
    return services.scheme_set(
        actor=officer,
        year=year,
        category=category,
        name=name,
        full_pool_fen=full_pool_fen,
        indicators=indicators,
    )


def score(officer, scheme, zone, value, *, evidence: str = "税务", quarter: int = 0):
    """``zone`` scored in ``scheme`` for the year (or ``quarter``), ``value`` entered for the scheme's entered
    indicator with its ``evidence``."""
    entered = str(scheme.indicators.get(source="entered").pk)
    return services.zone_score(
        actor=officer,
        scheme_id=scheme.pk,
        zone_id=zone.pk,
        quarter=quarter,
        entered={entered: {"value": str(value), "evidence": evidence}},
    )


def published_scheme(officer, zones, values, *, year: int = 2026, name: str = "省级开发区考核"):
    """The city's provincial scheme of ``year`` (``INDICATORS``), each of ``zones`` scored with its entered
    value from ``values`` (taxes per mu), then published."""
    scheme = scheme_of(officer, year=year, name=name)
    for zone, value in zip(zones, values, strict=True):
        score(officer, scheme, zone, value)
    services.publish(actor=officer, scheme_id=scheme.pk)
    return scheme


def plan_of(officer, zone, *, start: int = 2026, industries=("26", "38"), **fields):
    """The zone's industry plan of ``start`` to ``start + 2`` set by ``officer`` (``fields``: its targets, a
    chain note, the version read, …)."""
    return services.plan_set(
        actor=officer,
        zone_id=zone.pk,
        start_year=start,
        end_year=start + 2,
        industries=list(industries),
        **fields,
    )


def jibei_and(name: str, short_name: str):
    """The browser tests' city: 济北 (``testing.browser.jibei_zone``), a second zone of its city, and the city
    officer ``city`` (市投促局) who plans them."""
    from devzone.core.choices import Role
    from devzone.testing import browser
    from devzone.testing import factories as f

    jibei = browser.jibei_zone()
    other = f.ZoneFactory(city=jibei.city, name=name, short_name=short_name)
    officer = f.user_with_role(
        Role.CITY_OFFICER, city=jibei.city, user__username="city", display_name="市投促局"
    )
    return jibei, other, officer
