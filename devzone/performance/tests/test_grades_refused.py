"""A department head's grades beyond the quota, as the head meets them on the grades page: the refusal says which
grade is over, with its seats and how many the grades give it, in one message of the reader's language (no
Chinese left on an English page, nor Chinese brackets around the quota's cards); and the page shows again the grades the head had just chosen, so that they
change one drop-down instead of choosing everyone's grade again. And the round form's field errors, shown above
the list, are headed by their field with the colon of the reader's language."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from devzone.performance.models import StaffGrade
from devzone.testing.english import catalog_has
from devzone.testing.performance import run_round

pytestmark = pytest.mark.django_db

ENGLISH = {
    "超出等次名额：%(grade)s最多%(seats)s人，现为%(n)s人": "Grade quota exceeded for %(grade)s: quota %(seats)s, given %(n)s",
    "优秀": "Excellent",
    "上限%(n)s人": "At most %(n)s",
    "%(label)s（%(limit)s）": "%(label)s (%(limit)s)",
}


def shown(html: str, staff_id: int) -> str:
    """The grade a member's drop-down shows chosen ("" for —)."""
    select = re.search(rf'<select[^>]*name="grade_{staff_id}".*?</select>', html, re.S)
    assert select, f"no drop-down for {staff_id}"
    chosen = re.search(r'<option value="(\w*)"\s+selected', select.group(0))
    return chosen.group(1) if chosen else ""


def over_quota(org, client_for, language: str):
    """The head gives one 优秀 more than the seats, and others their grades: the page the POST answers."""
    r, _ = run_round(org)
    d = org.depts[0]
    res = r.results.get(department=d)
    res.quota = {**res.quota, "excellent": 1}
    res.save()
    _head, *members = org.staff[d.pk]
    assert len(members) >= 3
    chosen = {members[0].pk: "excellent", members[1].pk: "excellent", members[2].pk: "pass"}
    c = client_for(org.heads[d.pk])
    c.cookies["devzone_language"] = language
    resp = c.post(
        reverse("performance:grades", args=[r.pk, d.pk]), {f"grade_{k}": v for k, v in chosen.items()}
    )
    assert resp.status_code == 200
    assert not StaffGrade.objects.filter(round=r).exists()
    return resp.content.decode(), chosen


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_refused_page_keeps_the_grades_just_chosen(org, client_for, language):
    html, chosen = over_quota(org, client_for, language)
    assert {pk: shown(html, pk) for pk in chosen} == chosen


def test_the_quota_refusal_reads_in_chinese(org, client_for):
    html, _ = over_quota(org, client_for, "zh-hans")
    assert "超出等次名额：优秀最多1人，现为2人" in html


def test_the_quota_refusal_reads_in_english(org, client_for):
    catalog_has(ENGLISH)
    html, _ = over_quota(org, client_for, "en")
    assert "Grade quota exceeded for Excellent: quota 1, given 2" in html
    assert "名额" not in html
    assert "Excellent (At most 1)" in html  # the quota's card, without Chinese brackets


def test_the_round_forms_field_errors_read_in_english(org, client_for):
    """The opening form's errors sit above the list, each headed by its field: “Year: …”, not “Annual：…”."""
    catalog_has({"year\x04年度": "Year", "%(label)s：%(message)s": "%(label)s: %(message)s"})
    c = client_for(org.tally)
    c.cookies["devzone_language"] = "en"
    html = c.post(reverse("performance:round_list"), {"year": "1999", "quarter": "1"}).content.decode()
    assert "Year: Ensure this value is greater than or equal to 2000." in html
