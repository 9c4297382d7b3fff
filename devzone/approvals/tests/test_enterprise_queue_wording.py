"""The enterprise's own list of files, opened from its desk (办理中的申请 → ``/approvals/queue/?in_progress=true``),
is named as the card that led there and says so when it is empty — not the clerks' 在办件 / 没有待办件; the
staff's lists keep their names."""

from __future__ import annotations

import pytest

from devzone.testing.approvals import MONDAY, submit
from devzone.testing.english import catalog_has

pytestmark = pytest.mark.django_db
QUEUE = "/approvals/queue/"


def _page(client_for, user, query: str, english: bool = False) -> str:
    c = client_for(user)
    if english:
        c.cookies["devzone_language"] = "en"
    r = c.get(QUEUE + query)
    assert r.status_code == 200
    return r.content.decode()


def test_the_enterprises_empty_list_speaks_of_its_applications(client_for, company_user):
    html = _page(client_for, company_user, "?in_progress=true")
    assert "办理中的申请" in html and "没有办理中的申请" in html
    assert "在办件" not in html and "没有待办件" not in html
    html = _page(client_for, company_user, "?supplement=true")
    assert "待我补正的申请" in html and "没有待补正的申请" in html
    html = _page(client_for, company_user, "")
    assert "在办的申请" in html and "没有在办的申请" in html and "没有待办件" not in html


def test_in_english_too(client_for, company_user):
    catalog_has({"没有办理中的申请": "No applications in progress"})
    html = _page(client_for, company_user, "?in_progress=true", english=True)
    assert "Applications in progress" in html and "No applications in progress" in html
    assert "Nothing to do" not in html


def test_the_enterprises_files_are_listed_under_that_name(client_for, company_user, project_a, item):
    submit(company_user, project_a, [item], on=MONDAY)
    html = _page(client_for, company_user, "")
    assert "在办的申请" in html and item.name in html


def test_the_staff_keep_their_names(client_for, clerk, zone_a_leader):
    html = _page(client_for, clerk, "")
    assert "待受理" in html and "没有待办件" in html
    assert "在办件" in _page(client_for, zone_a_leader, "?in_progress=true")
