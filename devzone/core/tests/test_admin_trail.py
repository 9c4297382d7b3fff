"""Every change made in the Django admin is in the audit trail, with the values before and after and the
client's address — a role given to someone in the admin included (once only Django's own log noticed)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.forms.models import model_to_dict
from django.urls import reverse

from devzone.core.choices import AuditAction, Role
from devzone.core.models import AuditEvent, Industry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_for, sysadmin):
    sysadmin.is_staff = sysadmin.is_superuser = True
    sysadmin.save()
    return client_for(sysadmin)


def change(client, obj, ip="198.51.100.7", **values):
    """Post the admin's change form of ``obj`` with ``values`` changed."""
    data = {k: ("" if v is None else v) for k, v in model_to_dict(obj).items()}
    data.update(values)
    opts = obj._meta
    return client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]), data, REMOTE_ADDR=ip
    )


def test_a_role_given_in_the_admin_is_on_record_with_before_after_and_address(admin_client, zone_a_reviewer):
    profile = zone_a_reviewer.profile
    resp = change(admin_client, profile, role=Role.ZONE_LEADER)
    assert resp.status_code == 302, resp.content[:500]
    profile.refresh_from_db()
    assert profile.role == Role.ZONE_LEADER
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(profile.pk)).latest("pk")
    assert event.changes == {"role": [Role.REVIEWER, Role.ZONE_LEADER]}
    assert event.actor_label and event.ip == "198.51.100.7" and event.note == "admin"


def test_groups_and_reference_data_changed_in_the_admin_are_on_record(admin_client):
    add = admin_client.post(reverse("admin:auth_group_add"), {"name": "审计组"})
    assert add.status_code == 302
    group = Group.objects.get(name="审计组")
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(group.pk)).exists()
    industry = Industry.objects.get(pk="14")
    assert change(admin_client, industry, name="食品制造（改）").status_code == 302
    event = AuditEvent.objects.filter(object_id="14", action=AuditAction.UPDATE).latest("pk")
    assert event.changes["name"][1] == "食品制造（改）"
    delete = admin_client.post(reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"})
    assert delete.status_code == 302
    gone = AuditEvent.objects.filter(action=AuditAction.DELETE, object_id=str(group.pk)).get()
    assert gone.changes["name"] == ["审计组", None]


def test_a_password_changed_in_the_admin_is_recorded_as_changed_never_its_hash(admin_client, zone_a_reviewer):
    url = reverse("admin:auth_user_password_change", args=[zone_a_reviewer.pk])
    resp = admin_client.post(
        url, {"password1": "Xin-Mima-2026!", "password2": "Xin-Mima-2026!", "usable_password": "true"}
    )
    assert resp.status_code == 302, resp.content[:500]
    zone_a_reviewer.refresh_from_db()
    events = AuditEvent.objects.filter(object_id=str(zone_a_reviewer.pk), note="admin")
    assert events.exists()
    assert zone_a_reviewer.password not in repr(list(events.values_list("changes", flat=True)))


def test_an_identity_link_made_in_the_admin_is_on_record(admin_client, zone_a_reviewer):
    """单点登录的身份关联 (core.sso) is kept in the admin: linking a provider's person to an account is audited."""
    from devzone.core.models import IdentityLink

    assert admin_client.get(reverse("admin:core_identitylink_add")).status_code == 200
    add = admin_client.post(
        reverse("admin:core_identitylink_add"),
        {
            "issuer": "https://idp.example.gov.cn/o",
            "subject": "3701-0042",
            "user": zone_a_reviewer.pk,
            "note": "审批",
        },
        REMOTE_ADDR="198.51.100.9",
    )
    assert add.status_code == 302, add.content[:500]
    link = IdentityLink.objects.get(subject="3701-0042")
    event = AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(link.pk)).get()
    assert event.ip == "198.51.100.9" and event.changes["subject"][1] == "3701-0042"
    assert admin_client.get(reverse("admin:core_identitylink_changelist")).status_code == 200
