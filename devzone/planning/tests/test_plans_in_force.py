"""The plan in force: one plan per zone and year (a period overlapping another plan of the zone is refused, the
old plan cut short first), and the 市级统筹 page reads the plan covering the year — not the next one adopted in
advance — with its annual tasks, and last year's until the first quarter's end, when Q4 is reported."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from devzone.core.errors import DomainError
from devzone.planning import selectors, services
from devzone.planning.models import IndustryPlan
from devzone.planning.tests import formsets
from devzone.testing.investment import freeze_today

pytestmark = pytest.mark.django_db


def plan(officer, zone, start, end, codes=("26", "38"), targets=(), version=None):
    return services.plan_set(
        actor=officer,
        zone_id=zone.pk,
        start_year=start,
        end_year=end,
        industries=list(codes),
        targets=[
            {"year": y, "metric": "output", "target": "1000", "owner": "经发局", "done": done}
            for y, done in targets
        ],
        version=version,
    )


def progress_options(page: str) -> str:
    """The 登记季度进度 form's task list ("" when the page offers no form)."""
    if 'data-testid="progress-form"' not in page:
        return ""
    return page.split('data-testid="progress-form"')[1].split("</select>")[0]


def test_the_city_page_shows_the_plan_in_force_not_the_next_one_adopted(city_officer, zone_a, monkeypatch):
    """December 2026: 2024–2026 is in force, 2027–2029 already adopted. The page (and the map's industries)
    read 2024–2026, as investment's fit does, with 2026's task and its progress form."""
    freeze_today(monkeypatch, dt.date(2026, 12, 7))
    in_force = plan(city_officer, zone_a, 2024, 2026, ["26", "38"], targets=[(2026, "800")])
    plan(city_officer, zone_a, 2027, 2029, ["39", "34"], targets=[(2027, "0")])
    assert selectors.current_plan(zone_a.pk) == in_force
    m = selectors.city_map(city_officer)
    [(zone, industries, shown)] = m["zones"]
    assert shown == in_force
    assert sorted(i.pk for i in industries) == ["26", "38"]
    assert [(z, t.year) for z, t in m["this_year"]] == [(zone_a, 2026)]
    assert m["gaps"] == []


def test_a_zone_whose_only_plan_has_expired_is_a_gap(city_officer, zone_a, client_for, monkeypatch):
    freeze_today(monkeypatch, dt.date(2026, 5, 1))
    plan(city_officer, zone_a, 2021, 2025)
    m = selectors.city_map(city_officer)
    assert m["gaps"] == [zone_a]
    page = client_for(city_officer).get(reverse("planning:home")).content.decode()
    assert "甲开发区没有覆盖本年度的产业规划（现有规划期2021–2025年）" in page
    assert "已到期" in page


def test_q4_progress_of_last_year_is_offered_until_the_first_quarter_ends(
    city_officer, zone_a, client_for, monkeypatch
):
    """The fourth quarter's completion is known after 31 December: in January the page still offers 2026's
    tasks beside 2027's, and records Q4 of 2026; from April on, only the year's own."""
    p = plan(city_officer, zone_a, 2025, 2027, targets=[(2026, "0"), (2027, "0")])
    last, this = p.targets.get(year=2026), p.targets.get(year=2027)
    c = client_for(city_officer)
    freeze_today(monkeypatch, dt.date(2027, 1, 10))
    options = progress_options(c.get(reverse("planning:home")).content.decode())
    assert f'<option value="{last.pk}"' in options and f'<option value="{this.pk}"' in options
    r = c.post(reverse("planning:target_progress"), {"target": last.pk, "quarter": "4", "done": "960"})
    assert r.status_code == 302
    last.refresh_from_db()
    assert str(last.q4) == "960.00" and str(last.done) == "960.00"
    freeze_today(monkeypatch, dt.date(2027, 3, 31))
    assert f'<option value="{last.pk}"' in progress_options(c.get(reverse("planning:home")).content.decode())
    freeze_today(monkeypatch, dt.date(2027, 4, 1))
    options = progress_options(c.get(reverse("planning:home")).content.decode())
    assert f'<option value="{last.pk}"' not in options and f'<option value="{this.pk}"' in options


def test_last_years_tasks_come_from_the_plan_that_covered_last_year(city_officer, zone_a, monkeypatch):
    """January 2027, a plan 2024–2026 ended and 2027–2029 began: 2026's Q4 is reported on the old plan."""
    old = plan(city_officer, zone_a, 2024, 2026, targets=[(2026, "0")])
    new = plan(city_officer, zone_a, 2027, 2029, ["39", "34"], targets=[(2027, "0")])
    freeze_today(monkeypatch, dt.date(2027, 1, 10))
    tasks = [(t.plan_id, t.year) for _z, t in selectors.city_map(city_officer)["this_year"]]
    assert tasks == [(old.pk, 2026), (new.pk, 2027)]


def test_a_plan_overlapping_another_of_the_zone_is_refused_naming_its_years(city_officer, zone_a):
    plan(city_officer, zone_a, 2024, 2028)
    with pytest.raises(DomainError) as e:
        plan(city_officer, zone_a, 2026, 2030, ["39", "34"])
    assert "2024–2028年的产业规划重叠" in str(e.value) and "截止年度改为2025年" in str(e.value)
    assert e.value.errors.keys() == {"start_year"}
    with pytest.raises(DomainError, match="本规划的截止年度最晚为2023年"):
        plan(city_officer, zone_a, 2021, 2025)
    assert list(IndustryPlan.objects.values_list("start_year", "end_year")) == [(2024, 2028)]


def test_the_old_plan_is_cut_short_and_then_its_successor_adopted(city_officer, zone_a):
    """A revised plan 2026–2030 replaces 2024–2028: the old plan ends 2025 (two years: cut short, allowed),
    then the new one is saved. A new plan of two years is still refused."""
    old = plan(city_officer, zone_a, 2024, 2028)
    plan(city_officer, zone_a, 2024, 2025, version=old.version)
    new = plan(city_officer, zone_a, 2026, 2030, ["39", "34"])
    assert selectors.current_plan(zone_a.pk, 2026) == new
    assert selectors.current_plan(zone_a.pk, 2025).start_year == 2024
    with pytest.raises(DomainError, match="规划期须为3–5年"):
        plan(city_officer, zone_a, 2031, 2032)


def test_an_overlapping_plan_is_refused_on_the_page_with_the_message(city_officer, zone_a, client_for):
    plan(city_officer, zone_a, 2024, 2028)
    page = client_for(city_officer).post(
        reverse("planning:plan_edit", args=[zone_a.pk]),
        {"start_year": "2026", "end_year": "2030", "industries": "39 34", **formsets.targets([])},
    )
    assert page.status_code == 200
    assert "2024–2028年的产业规划重叠" in page.content.decode()
    assert IndustryPlan.objects.count() == 1
