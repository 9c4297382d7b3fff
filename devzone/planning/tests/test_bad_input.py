"""Bad input on the planning pages and API is a clear message and changes nothing, never a 500 and never a value
saved that a later page cannot show: a reform date or a body's end outside 2000–2100, a plan's target whose
year is not a number ``int`` reads, indicator weights with a third decimal."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.planning import institutions
from devzone.planning.models import IndustryPlan, InstitutionReform, InternalBody, Scheme
from devzone.planning.tests import formsets

pytestmark = pytest.mark.django_db
API = "/api/v1/planning"


@pytest.fixture
def officer(city_officer, client_for):
    c = client_for(city_officer)
    c.raise_request_exception = False  # a 500 is an answer the test checks, not an exception it raises
    return c


def test_a_reform_date_in_year_1_is_refused_and_every_page_that_counts_still_opens(officer, zone_a):
    """0001-01-01 was saved: the before-count takes the day before (OverflowError), and the institutions page,
    the reform bulletin and the city officer's desk answered 500 from then on."""
    r = officer.post(
        reverse("planning:institution_reform", args=[zone_a.pk]),
        {"reform-reform_on": "0001-01-01", "reform-document": "济发〔2019〕1号"},
        follow=True,
    )
    assert r.status_code == 200
    assert "日期应在2000年至2100年之间" in r.content.decode()
    assert not InstitutionReform.objects.filter(zone=zone_a).exists()
    for url in (reverse("planning:institutions"), reverse("oversight:bulletin"), "/"):
        assert officer.get(url).status_code == 200, url
    # the form's date picker says so before the person sends it
    form = officer.get(reverse("planning:institution_zone", args=[zone_a.pk])).content.decode()
    assert 'min="2000-01-01"' in form and 'max="2100-12-31"' in form


def test_a_bodys_end_outside_2000_2100_is_refused_on_the_page(officer, city_officer, zone_a):
    b = institutions.body_create(
        actor=city_officer, zone_id=zone_a.pk, name="办公室", established_on="2008-01-01", established_doc="x"
    )
    r = officer.post(
        reverse("planning:body_abolish", args=[b.pk]),
        {f"a{b.pk}-on": "9999-12-31", f"a{b.pk}-document": "甲改〔2019〕1号"},
        follow=True,
    )
    assert "日期应在2000年至2100年之间" in r.content.decode()
    assert InternalBody.objects.get(pk=b.pk).ended_on is None


PLAN = {"start_year": "2026", "end_year": "2028", "industries": "26 38"}


@pytest.mark.parametrize("year", ["²⁰²⁶", "2026年", "2" * 5000])
def test_a_plan_targets_year_that_is_no_number_is_refused_on_its_row(officer, zone_a, year):
    """``str.isdigit`` is true for "²⁰²⁶" (superscripts, as a text pasted from Word or a PDF carries), and
    ``int`` then raised inside the form's clean: 500. The year is the row's own field now: refused there."""
    r = officer.post(
        reverse("planning:plan_edit", args=[zone_a.pk]),
        {**PLAN, **formsets.targets([{"year": year, "metric": "output", "target": "100"}])},
    )
    assert r.status_code == 200
    row = r.context["rows"].forms[0]
    assert row.errors == {"year": ["输入整数。"]}
    assert not IndustryPlan.objects.filter(zone=zone_a).exists()


def test_a_plan_target_year_in_full_width_digits_is_read(officer, zone_a):
    r = officer.post(
        reverse("planning:plan_edit", args=[zone_a.pk]),
        {**PLAN, **formsets.targets([{"year": "２０２７", "metric": "output", "target": "100"}])},
    )
    assert r.status_code == 302
    assert IndustryPlan.objects.get(zone=zone_a).targets.get().year == 2027


def test_weights_with_a_third_decimal_are_refused_on_the_page_and_in_the_api(officer):
    """33.333 + 33.333 + 33.334 is 100, but the column keeps two decimals: saved, the weights summed to 99.99
    and a zone meeting every target scored 99.99 and missed its full pool."""
    indicators = [
        {"name": n, "weight": w, "target": "10", "source": "entered"}
        for n, w in (("甲", "33.333"), ("乙", "33.333"), ("丙", "33.334"))
    ]
    r = officer.post(
        reverse("planning:scheme_new"),
        {
            "year": "2026",
            "category": "provincial",
            "name": "考核",
            "full_pool_yuan": "10000",
            **formsets.indicators(indicators),
        },
    )
    assert r.status_code == 200
    assert [f.errors for f in r.context["rows"].forms[:3]] == [{"weight": ["最多两位小数"]}] * 3
    body = {
        "year": 2026,
        "category": "provincial",
        "name": "考核",
        "full_pool_fen": 1,
        "indicators": indicators,
    }
    assert officer.post_json(f"{API}/schemes", body).status_code == 422
    assert not Scheme.objects.exists()
