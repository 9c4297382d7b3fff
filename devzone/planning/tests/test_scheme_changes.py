"""Who and what a scheme scores: a scheme changed by two officers at once is never silently overwritten (the
version each read; 409 on the stale or unversioned save, by service, page and API), and a zone merged into
another is no longer scored and ranked among the living zones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from devzone.core.errors import ConflictError, DomainError
from devzone.planning import services
from devzone.planning.models import Assessment, Scheme
from devzone.planning.tests import formsets
from devzone.testing.planning import TAX, scheme_of

pytestmark = pytest.mark.django_db
API = "/api/v1/planning"
FIRST = {
    "year": 2026,
    "category": "provincial",
    "name": "甲方案",
    "full_pool_fen": 100,
    "indicators": [{"name": "签约", "weight": "100", "target": "4", "source": "contracts"}],
}


def test_a_second_officer_saving_the_same_scheme_unseen_gets_a_conflict_via_the_api(city_officer, client_for):
    c = client_for(city_officer)
    first = c.post_json(f"{API}/schemes", FIRST)
    assert first.status_code == 201 and first.json()["version"] == 1
    # a second officer, working from the empty form (no version seen), writes the same year and category
    r = c.post_json(f"{API}/schemes", {**FIRST, "name": "乙方案", "full_pool_fen": 1})
    assert r.status_code == 409, r.json()
    assert "甲方案" in r.json()["title"] and "请打开该方案修改" in r.json()["title"]
    stale = c.post_json(f"{API}/schemes", {**FIRST, "name": "乙方案", "version": 0})
    assert stale.status_code == 409
    scheme = Scheme.objects.get()
    assert (scheme.name, scheme.full_pool_fen, scheme.version) == ("甲方案", 100, 1)
    ok = c.post_json(f"{API}/schemes", {**FIRST, "name": "乙方案", "version": 1})
    assert ok.status_code == 201 and ok.json()["name"] == "乙方案" and ok.json()["version"] == 2


def test_the_service_refuses_a_stale_version(city_officer):
    s = services.scheme_set(actor=city_officer, **FIRST)
    services.scheme_set(actor=city_officer, **{**FIRST, "name": "改一次"}, version=s.version)
    with pytest.raises(ConflictError):
        services.scheme_set(actor=city_officer, **{**FIRST, "name": "改两次"}, version=s.version)
    assert Scheme.objects.get().name == "改一次"


def test_the_page_opens_the_scheme_for_editing_and_refuses_a_stale_save(city_officer, client_for):
    s = services.scheme_set(actor=city_officer, **FIRST)
    c = client_for(city_officer)
    detail = c.get(reverse("planning:scheme_detail", args=[s.pk])).content.decode()
    assert reverse("planning:scheme_edit", args=[s.pk]) in detail
    page = c.get(reverse("planning:scheme_edit", args=[s.pk]))
    form = page.context["form"]
    assert form["version"].value() == 1
    opened = formsets.opened_rows(page, "indicators")
    assert opened == [
        {"name": "签约", "weight": Decimal("100.00"), "target": Decimal("4.00"), "source": "contracts"}
    ]
    edit = {
        "year": "2030",  # fixed on the edit page: another year would be another scheme
        "category": "national",
        "name": "甲方案（修订）",
        "full_pool_yuan": "2.00",
        "basis": "",
        **formsets.indicators([{**opened[0], "target": "5"}], initial=1),
        "version": "1",
    }
    r = c.post(reverse("planning:scheme_edit", args=[s.pk]), edit)
    assert r.status_code == 302
    s.refresh_from_db()
    assert (s.year, s.category, s.name, s.full_pool_fen, s.version) == (
        2026,
        "provincial",
        "甲方案（修订）",
        200,
        2,
    )
    stale = c.post(reverse("planning:scheme_edit", args=[s.pk]), {**edit, "name": "过期的修改"})
    assert stale.status_code == 200
    assert "该考核方案刚被他人修改过" in stale.content.decode()
    new = c.post(
        reverse("planning:scheme_new"), {**edit, "year": "2026", "category": "provincial", "version": ""}
    )
    assert new.status_code == 200 and "请打开该方案修改" in new.content.decode()
    assert Scheme.objects.get().name == "甲方案（修订）"


def test_a_scheme_with_results_offers_no_edit(city_officer, zone_a, client_for):
    s = services.scheme_set(actor=city_officer, **{**FIRST, "category": zone_a.level})
    services.zone_score(actor=city_officer, scheme_id=s.pk, zone_id=zone_a.pk)
    page = client_for(city_officer).get(reverse("planning:scheme_detail", args=[s.pk])).content.decode()
    assert 'data-testid="scheme-edit"' not in page


def test_a_merged_zone_is_not_scored_or_ranked_among_the_living(city_officer, zone_a, zone_b, client_for):
    """乙 merged into 甲 no longer exists as a unit (the scheme's page offers no form for it): the API refuses to
    score it, and 甲 keeps its rank."""
    from devzone.core.services.zones import zone_merge

    zone_merge(actor=city_officer, sources=[zone_b], target=zone_a, merged_on=dt.date(2026, 6, 1))
    scheme = scheme_of(
        city_officer,
        category=zone_a.level,
        name="考核",
        full_pool_fen=100_000_00,
        indicators=[{**TAX, "target": "20"}],
    )
    ind = scheme.indicators.get()
    c = client_for(city_officer)
    url = f"{API}/schemes/{scheme.pk}/score"

    def entered(value):
        return {"quarter": 0, "entered": [{"indicator": ind.pk, "value": value, "evidence": "税务"}]}

    assert c.post_json(url, {**entered("10"), "zone": zone_a.pk}).status_code == 200
    r = c.post_json(url, {**entered("20"), "zone": zone_b.pk})
    assert r.status_code == 400 and "已并入甲开发区" in r.json()["errors"]["zone"][0]
    assert list(Assessment.objects.values_list("zone_id", "rank")) == [(zone_a.pk, 1)]
    with pytest.raises(DomainError, match="不再单独考核"):
        services.zone_score(actor=city_officer, scheme_id=scheme.pk, zone_id=zone_b.pk)
