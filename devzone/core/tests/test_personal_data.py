"""Staff personal data (issue 12, core.personal): a staff member's birth date and mobile number are in full for
the person, the zone's leaders and the head of their department, and masked (138****1234, the year only) for
everyone else in the zone and the city — on the staff pages, in the edit form, in the audit trail, in the API and
in the Excel export; an export holding any row in full leaves an audit row; another zone sees nothing."""

import datetime as dt
import json
from io import BytesIO

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from devzone.core import models as m
from devzone.core import personal
from devzone.core.choices import AuditAction, Role
from devzone.core.personal import mask_contacts
from devzone.core.services import object_update
from devzone.core.templatetags.devzone import show
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db

PHONE, MASKED_PHONE = "13812341234", "138****1234"
BIRTH = dt.date(1988, 7, 15)
MASKED_BIRTH = "1988年"
OTHER_PHONE = "13900005678"


def full_birth_text() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(show(BIRTH))


@pytest.fixture
def member(zone_a, zone_a_department):
    """A staff member of the department head's own department (综合服务部)."""
    return f.StaffFactory(
        zone=zone_a, department=zone_a_department, name="钱小红", phone=PHONE, birth_date=BIRTH
    )


@pytest.fixture
def outsider(zone_a):
    """A staff member of another department of zone A."""
    return f.StaffFactory(zone=zone_a, name="孙外部", phone=OTHER_PHONE, birth_date=dt.date(1979, 3, 2))


@pytest.fixture
def member_user(zone_a, member):
    """The member's own account (a reviewer whose profile is linked to the member's staff record)."""
    return f.user_with_role(Role.REVIEWER, zone=zone_a, staff=member, user__username="a_member")


# --- the rule ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "who, sees_member, sees_outsider",
    [
        ("zone_a_leader", True, True),
        ("zone_a_dept_head", True, False),  # their own department only
        ("member_user", True, False),  # themselves only
        ("zone_a_reviewer", False, False),
        ("zone_a_investment_officer", False, False),
        ("city_officer", False, False),
        ("sysadmin", False, False),
        ("enterprise_user", False, False),
        ("zone_b_leader", False, False),
        ("anonymous", False, False),
    ],
)
def test_it_shows_personal_data_to_the_person_their_leaders_and_department_head_only(
    request, member, outsider, who, sees_member, sees_outsider
):
    user = request.getfixturevalue(who)
    assert personal.sees_personal(user, member) is sees_member
    assert personal.sees_personal(user, outsider) is sees_outsider


def test_it_masks_a_phone_as_first_three_and_last_four_and_a_birth_date_as_the_year():
    assert personal.mask_phone("13812341234") == "138****1234"
    assert personal.mask_phone("") == ""
    assert personal.mask_phone("12345") == "*****"
    with translation.override("zh-hans"):
        assert personal.mask_birth_date(dt.date(1988, 7, 15)) == "1988年"
        assert personal.mask_birth_date("1988-07-15") == "1988年"
    assert personal.mask_birth_date(None) == ""


def test_the_full_roles_are_one_tuple_a_personnel_role_joins_in_one_line(
    monkeypatch, zone_a_reviewer, member, outsider
):
    monkeypatch.setattr(personal, "FULL_IN_ZONE", (*personal.FULL_IN_ZONE, Role.REVIEWER))
    assert personal.sees_personal(zone_a_reviewer, member) and personal.sees_personal(
        zone_a_reviewer, outsider
    )


# --- pages ------------------------------------------------------------------------------------------------
def detail(client_for, user, staff) -> tuple[int, str]:
    response = client_for(user).get(reverse("core:staff_detail", args=[staff.pk]))
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("who", ["zone_a_reviewer", "zone_a_investment_officer", "city_officer", "sysadmin"])
def test_it_masks_the_detail_page_for_others_in_reach(request, client_for, member, who):
    status, html = detail(client_for, request.getfixturevalue(who), member)
    assert status == 200
    assert MASKED_PHONE in html and PHONE not in html
    assert MASKED_BIRTH in html and full_birth_text() not in html


@pytest.mark.parametrize("who", ["zone_a_leader", "zone_a_dept_head", "member_user"])
def test_it_shows_the_detail_page_in_full_to_the_person_and_their_leaders(request, client_for, member, who):
    status, html = detail(client_for, request.getfixturevalue(who), member)
    assert status == 200
    assert PHONE in html and MASKED_PHONE not in html
    assert full_birth_text() in html


def test_a_department_head_sees_another_departments_staff_masked(client_for, zone_a_dept_head, outsider):
    status, html = detail(client_for, zone_a_dept_head, outsider)
    assert status == 200
    assert OTHER_PHONE not in html and "139****5678" in html and "1979年" in html


def test_the_staff_list_and_its_search_show_no_personal_data(client_for, zone_a_reviewer, member):
    html = client_for(zone_a_reviewer).get(reverse("core:staff_list"), {"q": "钱小红"}).content.decode()
    assert "钱小红" in html
    assert PHONE not in html and full_birth_text() not in html


def test_another_zone_sees_nothing(client_for, zone_b_leader, member):
    c = client_for(zone_b_leader)
    assert c.get(reverse("core:staff_detail", args=[member.pk])).status_code == 404
    assert c.get(f"/api/v1/core/staff/{member.pk}").status_code == 404
    assert member.pk not in [s["id"] for s in c.get("/api/v1/core/staff").json()["items"]]
    ws = load_workbook(BytesIO(c.get(reverse("core:staff_export")).content), read_only=True).worksheets[0]
    assert [r for r in ws.iter_rows(min_row=2, values_only=True)] == []


def test_the_audit_trail_masks_personal_changes_for_a_city_officer(
    client_for, zone_a_leader, city_officer, member
):
    member.phone = "13700001111"
    object_update(actor=zone_a_leader, instance=member)
    html = detail(client_for, city_officer, member)[1]
    assert "137****1111" in html and "13700001111" not in html and PHONE not in html
    html = detail(client_for, zone_a_leader, member)[1]
    assert "13700001111" in html and PHONE in html


# --- the edit form ----------------------------------------------------------------------------------------
def test_the_edit_form_never_shows_personal_data_to_who_may_change_but_not_see_it(
    client_for, sysadmin, member
):
    c = client_for(sysadmin)
    html = c.get(reverse("core:staff_edit", args=[member.pk])).content.decode()
    assert PHONE not in html and BIRTH.isoformat() not in html
    assert MASKED_PHONE in html  # as the hint of a write-only field
    # Left blank, the values stay; the other fields change.
    data = {
        "employee_no": member.employee_no,
        "name": "钱小红",
        "gender": member.gender,
        "birth_date": "",
        "education": "master",
        "employment_type": member.employment_type,
        "rank": member.rank,
        "department": member.department_id,
        "post": "",
        "hired_on": member.hired_on.isoformat(),
        "phone": "",
        "is_active": "on",
    }
    response = c.post(reverse("core:staff_edit", args=[member.pk]), data)
    assert response.status_code == 302, response.content.decode()
    member.refresh_from_db()
    assert (member.phone, member.birth_date, member.education) == (PHONE, BIRTH, "master")
    # A new number typed in is taken.
    response = c.post(reverse("core:staff_edit", args=[member.pk]), data | {"phone": "13600002222"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.phone == "13600002222"


def test_the_edit_form_shows_the_values_to_the_leader(client_for, zone_a_leader, member):
    html = client_for(zone_a_leader).get(reverse("core:staff_edit", args=[member.pk])).content.decode()
    assert PHONE in html and BIRTH.isoformat() in html


# --- the API ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["zone_a_reviewer", "zone_a_investment_officer", "city_officer"])
def test_the_api_masks_staff_for_others_in_reach(request, client_for, member, who):
    c = client_for(request.getfixturevalue(who))
    one = c.get(f"/api/v1/core/staff/{member.pk}").json()
    listed = next(s for s in c.get("/api/v1/core/staff").json()["items"] if s["id"] == member.pk)
    for body in (one, listed):
        assert body["phone"] == MASKED_PHONE
        assert body["birth_date"] is None and body["birth_year"] == 1988
        assert body["personal_masked"] is True
        assert PHONE not in json.dumps(body) and BIRTH.isoformat() not in json.dumps(body)


@pytest.mark.parametrize("who", ["zone_a_leader", "zone_a_dept_head", "member_user"])
def test_the_api_shows_staff_in_full_to_the_person_and_their_leaders(request, client_for, member, who):
    c = client_for(request.getfixturevalue(who))
    body = c.get(f"/api/v1/core/staff/{member.pk}").json()
    assert (body["phone"], body["birth_date"], body["personal_masked"]) == (PHONE, BIRTH.isoformat(), False)


def test_an_api_update_answers_masked_to_a_sysadmin(client_for, sysadmin, member):
    response = client_for(sysadmin).patch(
        f"/api/v1/core/staff/{member.pk}", json.dumps({"name": "钱红"}), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["phone"] == MASKED_PHONE and response.json()["birth_date"] is None


# --- the export -------------------------------------------------------------------------------------------
def export(client_for, user) -> dict[str, tuple]:
    response = client_for(user).get(reverse("core:staff_export"))
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content), read_only=True).worksheets[0]
    header = next(ws.iter_rows(max_row=1, values_only=True))
    birth, phone = header.index("出生日期"), header.index("手机号")
    return {r[1]: (r[birth], r[phone]) for r in ws.iter_rows(min_row=2, values_only=True)}


def export_events():
    return m.AuditEvent.objects.filter(action=AuditAction.EXPORT)


@pytest.mark.parametrize("who", ["zone_a_reviewer", "zone_a_investment_officer"])
def test_the_export_is_masked_for_others_and_leaves_no_audit_row(request, client_for, member, outsider, who):
    rows = export(client_for, request.getfixturevalue(who))
    assert rows["钱小红"] == (MASKED_BIRTH, MASKED_PHONE)
    assert rows["孙外部"] == ("1979年", "139****5678")
    assert not export_events().exists()


def test_the_leaders_full_export_leaves_an_audit_row(client_for, zone_a, zone_a_leader, member, outsider):
    rows = export(client_for, zone_a_leader)
    assert rows["钱小红"][1] == PHONE and rows["钱小红"][0].date() == BIRTH
    assert rows["孙外部"][1] == OTHER_PHONE
    event = export_events().get()
    assert event.actor == zone_a_leader and event.zone_id == zone_a.pk
    assert "导出工作人员台账2行" in event.note and "其中2行" in event.note


def test_a_department_heads_export_is_full_for_their_department_only_and_audited(
    client_for, zone_a_dept_head, zone_a_head_staff, member, outsider
):
    rows = export(client_for, zone_a_dept_head)
    assert (
        rows["钱小红"][1] == PHONE and rows[zone_a_head_staff.name][0].date() == zone_a_head_staff.birth_date
    )
    assert rows["孙外部"] == ("1979年", "139****5678")
    assert "导出工作人员台账3行，其中2行" in export_events().get().note


# --- the audit trail elsewhere ----------------------------------------------------------------------------
def test_the_admins_audit_record_of_a_staff_change_is_masked(client_for, sysadmin, zone_a_leader, member):
    sysadmin.is_staff = sysadmin.is_superuser = True
    sysadmin.save()
    member.phone = "13700001111"
    object_update(actor=zone_a_leader, instance=member)
    event = m.AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(member.pk))
    html = client_for(sysadmin).get(reverse("admin:core_auditevent_change", args=[event.pk])).content.decode()
    assert "137****1111" in html and "138****1234" in html
    assert "13700001111" not in html and PHONE not in html


def test_an_imported_rows_trail_is_masked_whatever_the_shape_of_its_changes():
    created = {"phone": [None, PHONE], "birth_date": [None, BIRTH.isoformat()], "name": [None, "钱小红"]}
    with translation.override("zh-hans"):
        assert personal.mask_changes(created) == {
            "phone": [None, MASKED_PHONE],
            "birth_date": [None, MASKED_BIRTH],
            "name": [None, "钱小红"],
        }
        assert personal.mask_changes({"phone": PHONE, "birth_date": ""}) == {
            "phone": MASKED_PHONE,
            "birth_date": "",
        }


def test_the_export_service_never_reaches_past_the_actor(zone_a_leader, zone_b, member):
    from devzone.core.services.staff import staff_export

    theirs = f.StaffFactory(zone=zone_b, name="乙职员", phone="13500009999")
    content = staff_export(actor=zone_a_leader, staff=m.Staff.objects.select_related("department", "post"))
    ws = load_workbook(BytesIO(content), read_only=True).worksheets[0]
    names = [r[1] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert "钱小红" in names and theirs.name not in names


@given(
    mobile=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    identity=st.from_regex(r"[1-9][0-9]{16}[0-9X]", fullmatch=True),
    words=st.text(alphabet="请联系科长处理合同的金额万元，。 ", max_size=20),
)
def test_a_free_text_leaves_with_its_contacts_masked_and_its_words_kept(mobile, identity, words):
    """A 差评's reason sent to the national system (services.events): whom to call does not leave with it."""
    text = f"{words}电话{mobile}，身份证{identity}，邮箱wang.li@example.cn，座机0531-88776655。{words}"
    out = mask_contacts(text)
    for secret in (mobile, identity, "wang.li", "88776655"):
        assert secret not in out
    assert out.startswith(words) and out.endswith(words)
    assert f"{mobile[:3]}****{mobile[-4:]}" in out and "***@example.cn" in out


def test_a_free_text_keeps_dates_amounts_and_numbers_that_are_not_contacts():
    text = "2026年12月7日签约，合同金额123456789012元，批文号370102-2026-001"
    assert mask_contacts(text) == text
