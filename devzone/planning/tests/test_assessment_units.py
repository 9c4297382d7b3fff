"""The zone assessment as a unit (review of 市级统筹): a period is published only once every live zone of the
category has a result — scored, or left out by the city with a written reason —; the published results keep each
scheme's ranking together; the page's filters read Year and Quarter in English."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from devzone.core.errors import DomainError
from devzone.core.models import AuditEvent
from devzone.planning import selectors, services
from devzone.planning.choices import AssessmentStatus
from devzone.planning.models import Assessment
from devzone.testing import factories as f
from devzone.testing.planning import plan_of, published_scheme, scheme_of, score

pytestmark = pytest.mark.django_db
API = "/api/v1/planning"


def _scheme(officer, category, name="考核", year=2026):
    return scheme_of(officer, category=category, name=name, year=year, full_pool_fen=1_000_000)


def _score(officer, scheme, zone, value, quarter=0):
    return score(officer, scheme, zone, value, quarter=quarter, evidence="统计报表")


@pytest.fixture
def three(city, zone_a, zone_b):
    """甲 and 乙 and 丙, three live zones of one category."""
    return zone_a, zone_b, f.ZoneFactory(city=city, name="丙开发区", level=zone_a.level)


def test_a_period_cannot_be_published_while_a_zone_of_its_category_was_never_scored(three, city_officer):
    """Every zone is assessed as its own unit (DOMAIN.md §8, its pay pool hangs on it). Publishing with 丙 unscored
    would rank 甲 and 乙 among themselves and then shut 丙 out of the period for good (``zone_score`` refuses any
    score after publication). Publishing names the zones not yet scored and refuses."""
    zone_a, zone_b, zone_c = three
    scheme = _scheme(city_officer, zone_a.level)
    _score(city_officer, scheme, zone_a, 20)
    _score(city_officer, scheme, zone_b, 10)
    with pytest.raises(DomainError) as refused:
        services.publish(actor=city_officer, scheme_id=scheme.pk)
    assert "丙开发区" in str(refused.value) and "甲开发区" not in str(refused.value)
    assert not Assessment.objects.filter(status=AssessmentStatus.PUBLISHED).exists()
    _score(city_officer, scheme, zone_c, 5)
    assert services.publish(actor=city_officer, scheme_id=scheme.pk) == 3


def test_zones_merged_of_another_category_or_set_up_after_the_period_do_not_hold_it_up(three, city_officer):
    zone_a, zone_b, zone_c = three
    zone_b.merged_into = zone_a
    zone_b.save()
    zone_c.established_on = dt.date(2027, 3, 1)  # after the year 2026
    zone_c.save()
    f.ZoneFactory(city=zone_a.city, name="国家级开发区", level="national")
    f.ZoneFactory(name="外市开发区", level=zone_a.level)  # another city
    scheme = _scheme(city_officer, zone_a.level)
    _score(city_officer, scheme, zone_a, 20)
    assert services.publish(actor=city_officer, scheme_id=scheme.pk) == 1


def test_the_city_may_leave_a_zone_out_of_a_period_with_a_written_reason(three, city_officer, zone_a_leader):
    zone_a, zone_b, zone_c = three
    scheme = _scheme(city_officer, zone_a.level)
    _score(city_officer, scheme, zone_a, 20)
    _score(city_officer, scheme, zone_b, 10)
    with pytest.raises(DomainError):
        services.zone_exclude(actor=city_officer, scheme_id=scheme.pk, zone_id=zone_c.pk, reason="  ")
    with pytest.raises(DomainError):  # a zone leader does not decide it
        services.zone_exclude(actor=zone_a_leader, scheme_id=scheme.pk, zone_id=zone_c.pk, reason="新设立")
    out = services.zone_exclude(
        actor=city_officer,
        scheme_id=scheme.pk,
        zone_id=zone_c.pk,
        reason="2026年10月新设立，不满一个考核年度",
    )
    assert (out.status, out.score, out.rank, out.pool_fen) == (AssessmentStatus.EXCLUDED, None, None, None)
    event = AuditEvent.objects.filter(object_id=str(out.pk), note__contains="不满一个考核年度")
    assert event.exists()
    assert services.publish(actor=city_officer, scheme_id=scheme.pk) == 2
    out.refresh_from_db()
    assert out.status == AssessmentStatus.EXCLUDED  # no result, no pool: not published as one
    assert selectors.pool_assessment(zone_c.pk, 2026, 1) is None
    assert [a.rank for a in Assessment.objects.filter(status="published").order_by("rank")] == [1, 2]
    with pytest.raises(DomainError):  # the period is published: the decision stands
        services.zone_exclude(actor=city_officer, scheme_id=scheme.pk, zone_id=zone_a.pk, reason="x")


def test_scoring_an_excluded_zone_before_publication_takes_it_back_in(three, city_officer):
    zone_a, zone_b, zone_c = three
    scheme = _scheme(city_officer, zone_a.level)
    for z, v in ((zone_a, 20), (zone_b, 10)):
        _score(city_officer, scheme, z, v)
    services.zone_exclude(actor=city_officer, scheme_id=scheme.pk, zone_id=zone_c.pk, reason="整改")
    back = _score(city_officer, scheme, zone_c, 30)
    assert (back.status, back.excluded_reason, back.rank) == (AssessmentStatus.DRAFT, "", 1)
    assert services.publish(actor=city_officer, scheme_id=scheme.pk) == 3


def test_the_scheme_page_names_the_unscored_zones_and_excludes_one(three, city_officer, client_for):
    zone_a, zone_b, zone_c = three
    scheme = _scheme(city_officer, zone_a.level)
    _score(city_officer, scheme, zone_a, 20)
    c = client_for(city_officer)
    url = reverse("planning:scheme_detail", args=[scheme.pk])
    page = c.get(url).content.decode()
    assert "乙开发区 · 全年" in page.split('data-testid="publish-unscored"')[1].split("</div>")[0]
    r = c.post(reverse("planning:publish", args=[scheme.pk]), {"quarter": "0"}, follow=True)
    assert "尚未评分，不能公布" in r.content.decode()
    form = {f"x{zone_b.pk}-quarter": "0", f"x{zone_b.pk}-reason": "正在整改"}
    assert c.post(reverse("planning:exclude_zone", args=[scheme.pk, zone_b.pk]), form).status_code == 302
    api = c.post_json(f"{API}/schemes/{scheme.pk}/exclude", {"zone": zone_c.pk, "reason": "新设立"})
    assert api.status_code == 200, api.content
    assert (api.json()["status"], api.json()["excluded_reason"]) == ("excluded", "新设立")
    page = c.get(url).content.decode()
    assert "不参加本期考核：正在整改" in page and 'data-testid="publish-unscored"' not in page
    assert c.post_json(f"{API}/schemes/{scheme.pk}/publish", {}).json() == {"published": 1}


def _two_schemes(city, city_officer, zone_a, zone_b):
    national = [f.ZoneFactory(city=city, name=f"国家级{n}", level="national") for n in (1, 2)]
    for z in (zone_a, zone_b):
        z.level = "provincial"
        z.save()
    published_scheme(city_officer, [zone_a, zone_b], [20, 10], name="省级开发区考核")
    s = _scheme(city_officer, "national", name="国家级开发区考核")
    for z, v in zip(national, (20, 10), strict=True):
        _score(city_officer, s, z, v)
    services.publish(actor=city_officer, scheme_id=s.pk)


def test_the_published_results_keep_each_schemes_ranking_together(
    city, city_officer, zone_a, zone_b, client_for
):
    """Seen on /planning/ (公布结果): the national and the provincial scheme of a year interleaved by rank (1, 1,
    2, 2 …), two 第1名 next to each other. Each scheme's ranking is read together, under its own heading."""
    _two_schemes(city, city_officer, zone_a, zone_b)
    order = [(a.scheme.name, a.rank) for a in selectors.assessments(city_officer)]
    assert order == [
        ("国家级开发区考核", 1),
        ("国家级开发区考核", 2),
        ("省级开发区考核", 1),
        ("省级开发区考核", 2),
    ]
    page = client_for(city_officer).get(reverse("planning:home")).content.decode()
    table = page.split('data-testid="results"')[1].split("</table>")[0]
    assert table.count('data-testid="results-group"') == 2
    assert (
        table.index("国家级开发区考核 · 全年") < table.index("国家级2") < table.index("省级开发区考核 · 全年")
    )


def test_the_planning_pages_filters_read_year_and_quarter_in_english(city_officer, client_for, zone_a):
    """In English the filter of the year read "Annual" and the quarter of the progress form "Quarterly" (the
    adjectives of the same Chinese words elsewhere): the labels take their own context."""
    plan_of(city_officer, zone_a, targets=[{"year": 2026, "metric": "tax", "target": "500"}])
    c = client_for(city_officer)
    c.cookies["devzone_language"] = "en"
    with translation.override("en"):
        page = c.get(reverse("planning:home"))
    html = page.content.decode()
    year = html.split('for="id_year"')[1].split("</label>")[0]
    quarter = html.split('for="progress-quarter">')[1].split("</label>")[0]
    assert year.endswith(">Year") or year.endswith("Year"), year
    assert (
        "Quarterly" not in quarter and "Annual" not in html.split('for="id_quarter"')[1].split("</label>")[0]
    )
