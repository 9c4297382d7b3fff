"""People and their accounts (core.services.people): who may act on whom, zone isolation, audit rows, the
one-time password link, and a leaver's deactivation ending their sessions and tokens."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError
from devzone.core.models import ApiToken, AuditEvent, Profile
from devzone.core.services import people as svc
from devzone.core.services import tokens as token_services
from devzone.testing import factories as f
from devzone.testing.clients import make_client

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Qingdao-Harbour-77"


def events_of(profile, action=None):
    qs = AuditEvent.objects.filter(object_id=str(profile.pk), content_type__model="profile")
    return list(qs.filter(action=action) if action else qs)


def token_of(link) -> tuple[str, str]:
    parts = link.path.strip("/").split("/")
    return parts[-2], parts[-1]


@pytest.fixture
def clerk_staff(zone_a, zone_a_department):
    return f.StaffFactory(zone=zone_a, department=zone_a_department, name="窗口小李", employee_no="JB0101")


@pytest.fixture
def clerk(zone_a_leader, clerk_staff):
    person, _link = svc.person_create(
        actor=zone_a_leader, username="xiaoli", display_name="", role=Role.WINDOW_CLERK, staff_no="JB0101"
    )
    return person


def test_a_leader_creates_a_clerk_linked_to_the_staff_record_without_a_password(
    zone_a_leader, zone_a, clerk_staff
):
    person, link = svc.person_create(
        actor=zone_a_leader, username="xiaoli", display_name="", role=Role.WINDOW_CLERK, staff_no="JB0101"
    )
    assert (person.zone, person.staff, person.display_name) == (zone_a, clerk_staff, "窗口小李")
    assert not person.user.has_usable_password()  # nobody knows a password for it
    assert link.path.startswith("/accounts/set-password/")
    [created] = events_of(person, AuditAction.CREATE)
    assert created.actor == zone_a_leader and created.zone_id == zone_a.pk
    assert created.changes["role"] == [None, Role.WINDOW_CLERK]


def test_a_leader_creates_an_enterprise_user_by_its_credit_code(zone_a_leader, enterprise_a):
    person, _link = svc.person_create(
        actor=zone_a_leader,
        username="ent_new",
        display_name="企业联系人",
        role=Role.ENTERPRISE_USER,
        credit_code=enterprise_a.credit_code.lower(),
    )
    assert person.enterprise == enterprise_a and person.zone_id == enterprise_a.zone_id


@pytest.mark.parametrize("role", [Role.CITY_OFFICER, Role.SYSADMIN, Role.SYSTEM])
def test_a_leader_never_grants_a_role_above_their_own(zone_a_leader, role):
    with pytest.raises(DomainError) as e:
        svc.person_create(actor=zone_a_leader, username="boss", display_name="某人", role=role)
    assert e.value.errors == {"role": ["您不能授予该角色"]}
    assert not get_user_model().objects.filter(username="boss").exists()  # bad input changes nothing


def test_a_leader_cannot_reach_another_zones_staff_or_enterprise(zone_a_leader, zone_b):
    dept_b = f.DepartmentFactory(zone=zone_b)
    f.StaffFactory(zone=zone_b, department=dept_b, employee_no="JB0999")
    ent_b = f.EnterpriseFactory(zone=zone_b)
    with pytest.raises(DomainError) as e:
        svc.person_create(
            actor=zone_a_leader, username="p1", display_name="某人", role=Role.AGENT, staff_no="JB0999"
        )
    assert "staff_no" in e.value.errors
    with pytest.raises(DomainError) as e:
        svc.person_create(
            actor=zone_a_leader,
            username="p2",
            display_name="某人",
            role=Role.ENTERPRISE_USER,
            credit_code=ent_b.credit_code,
        )
    assert "credit_code" in e.value.errors
    assert not get_user_model().objects.filter(username__in=["p1", "p2"]).exists()


def test_a_leader_cannot_act_on_another_zones_people(zone_b_leader, clerk):
    for act in (svc.person_reset_password, svc.person_deactivate, svc.person_reset_otp):
        with pytest.raises(NotFoundError):
            act(actor=zone_b_leader, profile=clerk, reason="试")
    with pytest.raises(NotFoundError):
        svc.person_set_role(actor=zone_b_leader, profile=clerk, role=Role.AGENT, reason="试")
    clerk.user.refresh_from_db()
    assert clerk.user.is_active and Profile.objects.get(pk=clerk.pk).role == Role.WINDOW_CLERK


def test_a_leader_cannot_act_on_the_citys_administrator_nor_on_themselves(zone_a_leader, sysadmin, city):
    admin_profile = Profile.objects.get(user=sysadmin)
    with pytest.raises(NotFoundError):  # out of the leader's reach: not even its existence
        svc.person_deactivate(actor=zone_a_leader, profile=admin_profile, reason="试")
    own = Profile.objects.get(user=zone_a_leader)
    with pytest.raises(PermissionDeniedError):
        svc.person_deactivate(actor=zone_a_leader, profile=own, reason="试")


@pytest.mark.parametrize("who", ["zone_a_reviewer", "city_officer", "zone_a_dept_head", "enterprise_user"])
def test_other_roles_may_not_manage_accounts(request, who, clerk):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDeniedError):
        svc.person_create(actor=actor, username="x1", display_name="某人", role=Role.AGENT)
    with pytest.raises(PermissionDeniedError):
        svc.person_deactivate(actor=actor, profile=clerk, reason="试")


def test_an_administrator_grants_a_city_role_and_acts_in_any_zone_of_the_city(sysadmin, city, zone_b):
    person, _link = svc.person_create(
        actor=sysadmin, username="city2", display_name="市局小王", role=Role.CITY_OFFICER
    )
    assert (person.city, person.zone) == (city, None)
    agent, _link = svc.person_create(
        actor=sysadmin, username="b_agent", display_name="乙代办", role=Role.AGENT, zone=zone_b.pk
    )
    svc.person_set_role(actor=sysadmin, profile=agent, role=Role.ZONE_LEADER, reason="任命")
    assert Profile.objects.get(pk=agent.pk).role == Role.ZONE_LEADER


def test_a_role_change_is_audited_and_ends_the_persons_sessions(zone_a_leader, clerk):
    clerk.user.set_password(NEW_PASSWORD)
    clerk.user.save()
    client = make_client(clerk.user)
    assert client.get(reverse("core:staff_list")).status_code == 200
    svc.person_set_role(actor=zone_a_leader, profile=clerk, role=Role.REVIEWER, reason="调岗")
    [event] = [e for e in events_of(clerk, AuditAction.UPDATE) if "role" in e.changes]
    assert event.changes["role"] == [Role.WINDOW_CLERK, Role.REVIEWER] and "调岗" in event.note
    assert client.get(reverse("core:staff_list")).status_code == 302  # to the login page


def test_the_one_time_link_sets_a_password_once(clerk):
    link = svc.person_reset_password(
        actor=Profile.objects.get(role=Role.ZONE_LEADER).user, profile=clerk, reason="忘记"
    )
    uid, token = token_of(link)
    with pytest.raises(DomainError) as e:
        svc.password_set_with_link(uidb64=uid, token=token, password1="short", password2="short")
    # in the user's language (Django 5.2's own Chinese catalog misses the length message)
    assert e.value.errors["password1"][0] == "密码太短，至少需要10个字符"
    svc.password_set_with_link(uidb64=uid, token=token, password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    user = get_user_model().objects.get(pk=clerk.user_id)
    assert user.check_password(NEW_PASSWORD)
    with pytest.raises(DomainError):  # used: the token hashed the old password
        svc.password_set_with_link(
            uidb64=uid, token=token, password1="Other-Pass-991", password2="Other-Pass-991"
        )


def test_a_newer_link_voids_the_older_one(zone_a_leader, clerk):
    old = svc.person_reset_password(actor=zone_a_leader, profile=clerk, reason="第一次")
    svc.person_reset_password(actor=zone_a_leader, profile=clerk, reason="第二次")
    assert svc.user_of_link(*token_of(old)) is None


def test_deactivating_a_leaver_ends_sessions_revokes_tokens_and_marks_the_staff_record(
    zone_a_leader, clerk, clerk_staff
):
    clerk.user.set_password(NEW_PASSWORD)
    clerk.user.save()
    client = make_client(clerk.user)
    assert client.get(reverse("core:staff_list")).status_code == 200
    token, _raw = token_services.token_create(actor=clerk.user, name="脚本", days_valid=30)
    done = svc.person_deactivate(actor=zone_a_leader, profile=clerk, reason="调离")
    assert (done.sessions, done.tokens) == (1, 1)
    assert not Session.objects.exists()
    assert client.get(reverse("core:staff_list")).status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    clerk_staff.refresh_from_db()
    assert not clerk_staff.is_active and not get_user_model().objects.get(pk=clerk.user_id).is_active
    [event] = AuditEvent.objects.filter(content_type__model="user", object_id=str(clerk.user_id))
    assert event.changes == {"is_active": [True, False]} and "调离" in event.note
    assert event.zone_id == clerk.zone_id and event.actor == zone_a_leader
    staff_events = AuditEvent.objects.filter(content_type__model="staff", object_id=str(clerk_staff.pk))
    assert any(e.changes.get("is_active") == [True, False] for e in staff_events)
    with pytest.raises(DomainError):  # a disabled account gets no password link
        svc.person_reset_password(actor=zone_a_leader, profile=clerk, reason="试")


def test_reactivating_gives_a_new_link_and_puts_the_staff_back(zone_a_leader, clerk, clerk_staff):
    svc.person_deactivate(actor=zone_a_leader, profile=clerk, reason="调离")
    _row, link = svc.person_reactivate(actor=zone_a_leader, profile=clerk, reason="返岗")
    clerk_staff.refresh_from_db()
    assert clerk_staff.is_active and svc.user_of_link(*token_of(link)) is not None


def test_a_leader_resets_the_second_factor_of_a_person_of_their_zone(zone_a_leader, zone_a):
    tally = f.user_with_role(Role.TALLY_STAFF, zone=zone_a, user__username="a_tally")
    TOTPDevice.objects.create(user=tally, name="x", confirmed=True)
    person = Profile.objects.get(user=tally)
    svc.person_reset_otp(actor=zone_a_leader, profile=person, reason="换手机")
    assert not TOTPDevice.objects.filter(user=tally).exists()
    assert any("换手机" in e.note for e in events_of(person))


def test_the_username_must_be_new_and_plain(zone_a_leader, clerk):
    for name, message in [("XIAOLI", "该用户名已被使用"), ("小李", "用户名只能包含字母、数字和 . _ -")]:
        with pytest.raises(DomainError) as e:
            svc.person_create(actor=zone_a_leader, username=name, display_name="某", role=Role.AGENT)
        assert e.value.errors == {"username": [message]}


def test_a_staff_record_has_one_account(zone_a_leader, clerk):
    with pytest.raises(DomainError) as e:
        svc.person_create(
            actor=zone_a_leader, username="xiaoli2", display_name="", role=Role.AGENT, staff_no="JB0101"
        )
    assert e.value.errors == {"staff_no": ["该工作人员已有账号"]}


def test_the_list_page_reads_the_same_number_of_queries_for_2_or_12_people(client_for, zone_a_leader, zone_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        c = client_for(zone_a_leader)
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("core:person_list")).status_code == 200
        return len(ctx.captured_queries)

    f.user_with_role(Role.AGENT, zone=zone_a)
    few = count()
    for _i in range(10):
        f.user_with_role(Role.REVIEWER, zone=zone_a)
    assert count() == few


def test_a_staff_record_with_an_account_leaves_post_only_with_its_account(zone_a_leader, clerk, clerk_staff):
    from devzone.core.models import Staff
    from devzone.core.services import object_update

    row = Staff.objects.get(pk=clerk_staff.pk)
    row.is_active = False
    with pytest.raises(DomainError) as e:
        object_update(actor=zone_a_leader, instance=row)
    assert "人员与账号" in e.value.errors["is_active"][0]
    assert Staff.objects.get(pk=clerk_staff.pk).is_active


@pytest.mark.parametrize("act", ["role", "password", "second factor"])
def test_a_role_change_or_a_credential_reset_revokes_the_persons_api_tokens(zone_a_leader, clerk, act):
    """A token made under the old role (or by whoever took the account) would keep its rights otherwise."""
    _token, raw = token_services.token_create(actor=clerk.user, name="脚本", days_valid=365)
    api = make_client()
    assert api.get("/api/v1/core/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    if act == "role":
        svc.person_set_role(actor=zone_a_leader, profile=clerk, role=Role.REVIEWER, reason="调岗")
    elif act == "password":
        svc.person_reset_password(actor=zone_a_leader, profile=clerk, reason="疑似被盗")
    else:
        TOTPDevice.objects.create(user=clerk.user, name="phone", confirmed=True)
        svc.person_reset_otp(actor=zone_a_leader, profile=clerk, reason="手机丢失")
    assert api.get("/api/v1/core/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert not ApiToken.objects.filter(user=clerk.user, revoked_at__isnull=True).exists()


def test_the_access_log_writes_the_one_time_link_without_its_secret(zone_a_leader, clerk):
    import datetime as dt
    import logging
    from types import SimpleNamespace

    from gunicorn.config import Config

    from devzone.core.accesslog import AccessLogger

    link = svc.person_reset_password(actor=zone_a_leader, profile=clerk, reason="忘记")
    _uid, token = token_of(link)
    answer = make_client().get(link.path)
    assert answer.status_code == 302  # the token moves into the session
    lines: list[str] = []

    class Lines(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())

    config = Config()
    config.set("accesslog", "-")
    log = AccessLogger(config)
    log.access_log.handlers = [Lines()]
    environ = {**answer.wsgi_request.environ, "RAW_URI": link.path, "SERVER_PROTOCOL": "HTTP/1.1"}
    resp = SimpleNamespace(status="302 Found", response_length=0, sent=0, headers=[])
    req = SimpleNamespace(headers=[], method="GET", path=link.path, query="", version=(1, 1), uri=link.path)
    log.access(resp, req, environ, dt.timedelta(seconds=0.01))
    assert len(lines) == 1 and token not in lines[0] and "/accounts/set-password/" in lines[0]
