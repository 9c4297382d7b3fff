"""编辑招聘计划草稿: the city's personnel office edits a draft campaign (everything 新建 takes) and changes or removes
its openings, on the page and through the API, by one service each; every change audited; refused once published
(with the reason), for a zone's 人事专员 (403) and for another city's campaign (404)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core.choices import AuditAction, Role
from devzone.core.errors import ConflictError, DomainError
from devzone.core.models import AuditEvent
from devzone.personnel.models import Opening, RecruitmentCampaign
from devzone.personnel.services import campaigns as svc
from devzone.testing import factories as f
from devzone.testing.personnel import add_opening

pytestmark = pytest.mark.django_db
API = "/api/v1/personnel"
NEXT_YEAR = dt.date.today().year + 1


@pytest.fixture
def draft(city, zone_a, city_officer):
    campaign = svc.campaign_create(
        actor=city_officer,
        city=city,
        title="草稿公告",
        registration_opens=timezone.make_aware(dt.datetime(NEXT_YEAR, 3, 1, 9)),
        registration_closes=timezone.make_aware(dt.datetime(NEXT_YEAR, 3, 10, 17)),
        announcement="招聘单位情况、岗位及条件、招聘办法、考试时间和报名方法详见本公告。",
        written_exam_on=dt.date(NEXT_YEAR, 3, 21),
    )
    for code in ("A01", "A02"):
        add_opening(campaign, zone_a, code, actor=city_officer)
    return campaign


FORM = {
    "title": "修改后的公告",
    "registration_opens": f"{NEXT_YEAR}-04-01T09:00",
    "registration_closes": f"{NEXT_YEAR}-04-15T17:00",
    "exam_ratio": "4",
    "written_percent": "60",
    "written_pass_line": "65",
    "publicity_days": "10",
    "announcement": "正文",
}


def test_the_city_edits_a_draft_campaign_on_its_page(draft, client_for, city_officer):
    c = client_for(city_officer)
    detail = c.get(draft.get_absolute_url()).content.decode()
    assert reverse("personnel:campaign_edit", args=[draft.pk]) in detail
    page = c.get(reverse("personnel:campaign_edit", args=[draft.pk]))
    assert page.status_code == 200 and 'value="草稿公告"' in page.content.decode()
    assert f'value="{NEXT_YEAR}-03-01T09:00"' in page.content.decode()  # Beijing time, as entered
    answer = c.post(reverse("personnel:campaign_edit", args=[draft.pk]), {**FORM, "version": draft.version})
    assert answer.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.exam_ratio, draft.written_weight, draft.publicity_days) == (
        "修改后的公告",
        4,
        Decimal("0.60"),
        10,
    )
    assert timezone.localtime(draft.registration_opens).hour == 9
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, note="修改公告草稿")
    assert event.changes["title"] == ["草稿公告", "修改后的公告"]


def test_a_window_that_closes_before_it_opens_is_refused_on_its_field(draft, client_for, city_officer):
    answer = client_for(city_officer).post(
        reverse("personnel:campaign_edit", args=[draft.pk]),
        {**FORM, "registration_closes": f"{NEXT_YEAR}-03-01T08:00", "version": draft.version},
    )
    assert answer.status_code == 200
    assert answer.context["form"].errors["registration_closes"] == ["报名截止时间须晚于报名开始时间"]
    assert RecruitmentCampaign.objects.get(pk=draft.pk).title == "草稿公告"


def _edit_opening(client, opening, **fields):
    """The opening's edit form posted at the version it has, with ``fields`` (no years of experience asked)."""
    return client.post(
        reverse("personnel:opening_edit", args=[opening.pk]),
        {"experience_years": "0", **fields, "version": opening.version},
    )


def test_the_city_changes_and_removes_a_draft_opening(draft, client_for, city_officer, zone_b):
    c = client_for(city_officer)
    a01 = draft.openings.get(code="A01")
    page = c.get(reverse("personnel:opening_edit", args=[a01.pk]))
    assert page.status_code == 200
    answer = _edit_opening(
        c, a01, zone=zone_b.pk, code="B01", title="项目专员", headcount="2", education_min="master"
    )
    assert answer.status_code == 302
    a01.refresh_from_db()
    assert (a01.zone_id, a01.code, a01.headcount, a01.education_min) == (zone_b.pk, "B01", 2, "master")
    assert AuditEvent.objects.get(note="修改草稿中的岗位").changes["code"] == ["A01", "B01"]
    # a code already in the campaign is refused on the form, nothing changes
    a02 = draft.openings.get(code="A02")
    refused = _edit_opening(
        c, a02, zone=a02.zone_id, code="B01", title="x", headcount="1", education_min="bachelor"
    )
    assert refused.status_code == 200 and "本公告中已有该岗位代码" in refused.content.decode()
    removed = c.post(
        reverse("personnel:opening_remove", args=[a02.pk]), {"version": a02.version}, follow=True
    )
    assert "已删除招聘岗位 A02 招商专员" in removed.content.decode()
    assert list(draft.openings.values_list("code", flat=True)) == ["B01"]
    gone = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert gone.note == "删除草稿中的岗位" and gone.changes["code"] == ["A02", None]


def test_a_published_campaign_is_refused_with_the_reason(draft, client_for, city_officer):
    svc.campaign_publish(actor=city_officer, campaign=draft)
    draft.refresh_from_db()
    opening = draft.openings.first()
    reason = "公告已发布，不能再修改公告或岗位；如需更正，请发布更正公告"
    with pytest.raises(DomainError, match=reason):
        svc.campaign_update(actor=city_officer, campaign=draft, title="x")
    with pytest.raises(DomainError, match=reason):
        svc.opening_update(actor=city_officer, opening=opening, headcount=3)
    with pytest.raises(DomainError, match=reason):
        svc.opening_remove(actor=city_officer, opening=opening)
    c = client_for(city_officer)
    assert (
        reverse("personnel:campaign_edit", args=[draft.pk])
        not in c.get(draft.get_absolute_url()).content.decode()
    )
    page = c.get(reverse("personnel:campaign_edit", args=[draft.pk]), follow=True)
    assert reason in page.content.decode()
    posted = c.post(
        reverse("personnel:opening_remove", args=[opening.pk]), {"version": opening.version}, follow=True
    )
    assert reason in posted.content.decode()
    api = c.put(
        f"{API}/openings/{opening.pk}", json.dumps(_opening_body(opening)), content_type="application/json"
    )
    assert api.status_code == 400 and api.json()["title"] == reason
    assert c.delete(f"{API}/openings/{opening.pk}").status_code == 400
    assert draft.openings.count() == 2 and RecruitmentCampaign.objects.get(pk=draft.pk).title == "草稿公告"


def test_a_stale_version_is_refused(draft, city_officer):
    svc.campaign_update(actor=city_officer, campaign=draft, title="第一次", version=draft.version)
    with pytest.raises(ConflictError):
        svc.campaign_update(actor=city_officer, campaign=draft, title="第二次", version=draft.version)


def _opening_body(o: Opening, **changes) -> dict:
    return {
        "zone": o.zone_id,
        "code": o.code,
        "title": o.title,
        "headcount": o.headcount,
        "education_min": o.education_min,
        "version": o.version,
        **changes,
    }


def test_the_api_edits_the_draft_and_its_openings(draft, client_for, city_officer):
    c = client_for(city_officer)
    body = {
        "title": "API修改",
        "registration_opens": f"{NEXT_YEAR}-05-01T09:00:00+08:00",
        "registration_closes": f"{NEXT_YEAR}-05-09T17:00:00+08:00",
        "written_weight": "0.4",
        "version": draft.version,
    }
    answer = c.put(f"{API}/campaigns/{draft.pk}", json.dumps(body), content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["title"] == "API修改" and answer.json()["written_weight"] == "0.40"
    stale = c.put(f"{API}/campaigns/{draft.pk}", json.dumps(body), content_type="application/json")
    assert stale.status_code == 409
    a01 = draft.openings.get(code="A01")
    changed = c.put(
        f"{API}/openings/{a01.pk}",
        json.dumps(_opening_body(a01, headcount=3)),
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["headcount"] == 3
    a02 = draft.openings.get(code="A02")
    assert c.delete(f"{API}/openings/{a02.pk}?version={a02.version}").status_code == 204
    assert not Opening.objects.filter(pk=a02.pk).exists()


@pytest.mark.isolation
def test_only_the_citys_personnel_office_edits_and_another_city_is_404(
    draft, client_for, officer_a, city_officer
):
    a01 = draft.openings.get(code="A01")
    zone_officer = client_for(officer_a)
    for url in (
        reverse("personnel:campaign_edit", args=[draft.pk]),
        reverse("personnel:opening_edit", args=[a01.pk]),
    ):
        assert zone_officer.get(url).status_code == 403
    assert zone_officer.post(reverse("personnel:opening_remove", args=[a01.pk])).status_code == 403
    assert (
        zone_officer.put(
            f"{API}/openings/{a01.pk}", json.dumps(_opening_body(a01)), content_type="application/json"
        ).status_code
        == 403
    )
    assert zone_officer.delete(f"{API}/openings/{a01.pk}").status_code == 403
    assert zone_officer.put(
        f"{API}/campaigns/{draft.pk}", json.dumps({"title": "x"}), content_type="application/json"
    ).status_code in (403, 422)
    other_city = f.CityFactory(name="外市")
    other = f.user_with_role(Role.CITY_OFFICER, city=other_city, user__username="other_city")
    c = client_for(other)
    assert c.get(reverse("personnel:campaign_edit", args=[draft.pk])).status_code == 404
    assert c.get(reverse("personnel:opening_edit", args=[a01.pk])).status_code == 404
    assert c.post(reverse("personnel:opening_remove", args=[a01.pk])).status_code == 404
    assert c.delete(f"{API}/openings/{a01.pk}").status_code == 404
    body = {
        "title": "x",
        "registration_opens": f"{NEXT_YEAR}-05-01T09:00:00+08:00",
        "registration_closes": f"{NEXT_YEAR}-05-09T17:00:00+08:00",
    }
    assert (
        c.put(f"{API}/campaigns/{draft.pk}", json.dumps(body), content_type="application/json").status_code
        == 404
    )
    assert (
        c.put(
            f"{API}/openings/{a01.pk}", json.dumps(_opening_body(a01)), content_type="application/json"
        ).status_code
        == 404
    )
    assert draft.openings.count() == 2
    assert client_for(city_officer).get(reverse("personnel:opening_edit", args=[a01.pk])).status_code == 200
