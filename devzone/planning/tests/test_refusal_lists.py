"""The zones and indicators a refusal lists are joined as the reader's language lists them: 、 and ；and （） in
Chinese, through translatable separators (``pgettext``) that an English catalogue renders as commas, semicolons
and parentheses — not Chinese punctuation in an English sentence."""

from __future__ import annotations

import pytest

from devzone.core.errors import DomainError
from devzone.planning import services
from devzone.testing import factories as f
from devzone.testing.planning import scheme_of, score

pytestmark = pytest.mark.django_db
APPROVALS = {"name": "审批按时办结率", "weight": "50", "target": "95", "source": "approvals_on_time"}
TAX = {"name": "亩均税收", "weight": "50", "target": "20", "source": "entered"}
ENGLISH = {
    ("list separator", "、"): ", ",
    ("list of groups separator", "；"): "; ",
    ("a zone and its indicators", "%(zone)s（%(names)s）"): "%(zone)s (%(names)s)",
}


@pytest.fixture
def english(monkeypatch):
    """The separators as an English catalogue renders them (the catalogue itself is compiled by the lead)."""
    monkeypatch.setattr(services, "pgettext", lambda context, text: ENGLISH[(context, text)])


@pytest.fixture
def three(city, zone_a, zone_b):
    return zone_a, zone_b, f.ZoneFactory(city=city, name="丙开发区", level=zone_a.level)


def _refusal(officer, scheme) -> str:
    with pytest.raises(DomainError) as refused:
        services.publish(actor=officer, scheme_id=scheme.pk)
    return str(refused.value)


def test_the_unscored_zones_are_listed_with_the_readers_separator(three, city_officer, english):
    zone_a, _b, _c = three
    scheme = scheme_of(city_officer, category=zone_a.level, indicators=[{**TAX, "weight": "100"}])
    score(city_officer, scheme, zone_a, 20)
    listed = ", ".join(str(z) for z in services.unscored_zones(scheme, 0))
    assert listed in {"乙开发区, 丙开发区", "丙开发区, 乙开发区"} and listed in _refusal(city_officer, scheme)


def test_the_zones_without_data_are_listed_with_the_readers_separators(zone_a, zone_b, city_officer, english):
    scheme = scheme_of(city_officer, category=zone_a.level, indicators=[APPROVALS, TAX])
    for zone in (zone_a, zone_b):
        score(city_officer, scheme, zone, 20)
    refusal = _refusal(city_officer, scheme)
    assert "甲开发区 (审批按时办结率)" in refusal and "乙开发区 (审批按时办结率)" in refusal
    assert "); " in refusal and "（审批" not in refusal


def test_chinese_keeps_its_own_punctuation(three, city_officer):
    zone_a, _b, _c = three
    scheme = scheme_of(city_officer, category=zone_a.level, indicators=[{**TAX, "weight": "100"}])
    score(city_officer, scheme, zone_a, 20)
    listed = "、".join(str(z) for z in services.unscored_zones(scheme, 0))
    assert listed in {"乙开发区、丙开发区", "丙开发区、乙开发区"} and listed in _refusal(city_officer, scheme)
