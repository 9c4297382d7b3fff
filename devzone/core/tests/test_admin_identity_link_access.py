"""The break-glass admin's 单点登录身份关联 (core.admin.IdentityLinkAdmin) has no ``access_fields``: moving an
identity to another account, or deleting it, leaves the sessions opened through it and the API tokens made in them
alive -- the people page's unlink (``people.person_unlink_identity``) ends the sessions. An identity linked to the
wrong person is exactly what an operator repairs there."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from devzone.core.models import IdentityLink
from devzone.core.services.tokens import token_authenticate, token_create
from devzone.testing import factories as f
from devzone.testing.clients import make_client

pytestmark = pytest.mark.django_db
ISSUER = "https://sso.example.gov.cn/o"


def test_moving_an_identity_to_another_account_in_the_admin_ends_what_it_opened(
    settings, client_for, zone_a_reviewer, zone_a_investment_officer
):
    settings.DEVZONE_OIDC_ISSUER = ISSUER
    link = IdentityLink.objects.create(issuer=ISSUER, subject="u-42", user=zone_a_reviewer, note="错关联")
    theirs = make_client(zone_a_reviewer)  # a session opened through the identity
    assert theirs.get("/").status_code == 200
    _token, raw = token_create(actor=zone_a_reviewer, name="t", days_valid=30)
    root = get_user_model().objects.create_superuser("root", password=f.PASSWORD)
    admin = client_for(root)
    r = admin.post(
        f"/admin/core/identitylink/{link.pk}/change/",
        {"issuer": ISSUER, "subject": "u-42", "user": zone_a_investment_officer.pk, "note": "改正"},
    )
    assert r.status_code == 302, r.content.decode()[:1500]
    assert IdentityLink.objects.get(pk=link.pk).user == zone_a_investment_officer
    assert token_authenticate(raw) is None, "the token made through the moved identity still works"
    assert theirs.get("/").status_code == 302, "the session opened through the moved identity still works"


def test_deleting_an_identity_in_the_admin_ends_what_it_opened(settings, client_for, zone_a_reviewer):
    settings.DEVZONE_OIDC_ISSUER = ISSUER
    link = IdentityLink.objects.create(issuer=ISSUER, subject="u-43", user=zone_a_reviewer, note="错关联")
    theirs = make_client(zone_a_reviewer)
    assert theirs.get("/").status_code == 200
    _token, raw = token_create(actor=zone_a_reviewer, name="t", days_valid=30)
    root = get_user_model().objects.create_superuser("root", password=f.PASSWORD)
    r = client_for(root).post(f"/admin/core/identitylink/{link.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302, r.content.decode()[:1500]
    assert not IdentityLink.objects.filter(pk=link.pk).exists()
    assert token_authenticate(raw) is None, "the token made through the deleted identity still works"
    assert theirs.get("/").status_code == 302, "the session opened through the deleted identity still works"
