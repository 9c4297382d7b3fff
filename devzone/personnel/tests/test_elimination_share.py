"""刚性淘汰比例 as data with its source: the city's personnel office sets it from a date; each year is measured by
the rule in force on its last day; a city without one sees counts and no verdict; pages, the Word report and the
form follow the row, not a constant."""

import datetime as dt
from decimal import Decimal as D
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from devzone.core.choices import Role
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import AuditEvent
from devzone.personnel.models import EliminationShare
from devzone.personnel.selectors import elimination_report, elimination_share
from devzone.personnel.services import staffing as svc
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def staffed(zone_a):
    for i in range(40):
        f.StaffFactory(zone=zone_a, employee_no=f"S{i:03d}")
    return zone_a


def test_a_city_without_a_share_counts_but_does_not_judge(staffed, client_for, city_officer):
    (row,) = elimination_report([staffed], TODAY.year)
    assert (row.staff, row.rule, row.band, row.verdict) == (40, None, None, "unset")
    page = client_for(city_officer).get(reverse("personnel:annual")).content.decode()
    assert "尚未设定刚性淘汰比例" in page and "3%–5%" not in page


def test_the_band_follows_the_citys_share_and_names_its_source(
    staffed, jinan_share, city_officer, client_for
):
    (row,) = elimination_report([staffed], TODAY.year)
    assert (row.band.minimum, row.band.maximum, row.verdict) == (
        1,
        2,
        "below",
    )  # 40 × 3 % = 1.2 → 1; × 5 % = 2
    svc.share_set(
        actor=city_officer,
        low_percent=D(10),
        high_percent=D(20),
        basis="市委组织部2026年通知",
        effective_from=TODAY,
    )
    (row,) = elimination_report([staffed], TODAY.year)
    assert (row.band.minimum, row.band.maximum) == (4, 8)
    page = client_for(city_officer).get(reverse("personnel:annual")).content.decode()
    assert "10%–20%" in page and "市委组织部2026年通知" in page
    report = client_for(city_officer).get(reverse("personnel:annual_report")).content
    text = "\n".join(p.text for p in Document(BytesIO(report)).paragraphs)
    assert "按每年10%—20%的要求" in text and "依据市委组织部2026年通知" in text


def test_a_year_is_measured_by_the_rule_in_force_on_its_last_day(city, jinan_share, city_officer):
    next_year = dt.date(TODAY.year + 1, 1, 1)
    svc.share_set(
        actor=city_officer, low_percent=D(4), high_percent=D(6), basis="新规定", effective_from=next_year
    )
    assert elimination_share(city.pk, TODAY.year) == jinan_share  # this year keeps the rule it is counted by
    assert elimination_share(city.pk, TODAY.year + 1).basis == "新规定"
    assert elimination_share(city.pk, 2018) is None  # before any rule


def test_only_the_citys_personnel_office_sets_it_and_bad_input_changes_nothing(city, zone_a, city_officer):
    leader = f.user_with_role(Role.ZONE_LEADER, zone=zone_a, user__username="lead")
    good = {"low_percent": D(3), "high_percent": D(5), "basis": "依据", "effective_from": TODAY}
    with pytest.raises(PermissionDeniedError):
        svc.share_set(actor=leader, **good)
    for bad, field in [
        ({"low_percent": D(6)}, "high_percent"),  # low above high
        ({"high_percent": D(0), "low_percent": D(0)}, "high_percent"),
        ({"high_percent": D(101)}, "high_percent"),
        ({"basis": "  "}, "basis"),
        ({"effective_from": dt.date(TODAY.year - 1, 6, 1)}, "effective_from"),  # a year already counted
    ]:
        with pytest.raises(DomainError) as refused:
            svc.share_set(actor=city_officer, **{**good, **bad})
        assert field in refused.value.errors
    assert not EliminationShare.objects.exists()
    first = svc.share_set(actor=city_officer, **good)
    again = svc.share_set(
        actor=city_officer, **{**good, "high_percent": D(6)}
    )  # the same date corrects the row
    assert again.pk == first.pk and EliminationShare.objects.get().high_percent == 6
    assert AuditEvent.objects.filter(object_id=str(first.pk), actor=city_officer).count() == 2


@pytest.mark.isolation
def test_the_form_is_the_citys_and_refuses_in_the_readers_language(city, zone_a, city_officer, client_for):
    url = reverse("personnel:share_set")
    leader = client_for(f.user_with_role(Role.ZONE_LEADER, zone=zone_a, user__username="lead"))
    form = {"low_percent": "3", "high_percent": "5", "effective_from": TODAY.isoformat(), "basis": "改革方案"}
    assert leader.post(url, form).status_code == 403
    page = client_for(city_officer).get(reverse("personnel:annual")).content.decode()
    assert 'action="' + url + '"' in page  # the city officer is offered the form, the leader is not
    assert url not in leader.get(reverse("personnel:annual")).content.decode()
    officer = client_for(city_officer)
    refused = officer.post(url, {**form, "low_percent": "8"}, follow=True).content.decode()
    assert "比例下限不能高于上限" in refused and not EliminationShare.objects.exists()
    done = officer.post(url, form, follow=True).content.decode()
    assert "已设定刚性淘汰比例" in done
    other_city = f.CityFactory(name="淄博市", code="370300")
    theirs = f.user_with_role(Role.CITY_OFFICER, city=other_city, user__username="zibo")
    assert client_for(theirs).post(url, {**form, "basis": "淄博"}).status_code == 302
    assert set(EliminationShare.objects.values_list("city", "basis")) == {
        (city.pk, "改革方案"),
        (other_city.pk, "淄博"),
    }
