"""A candidate's account holds no phone number: identity and phone numbers are sealed at rest (only the masked forms
beside them), and the account is named by a keyed digest of the phone (``vault.account_name``), not after it — the
account table, its dumps and backups, and every log that names a user would otherwise list every candidate's number
in clear. The candidate still logs in on the site's login page with the phone number they registered with, and the
lockout's records name the digest, never the number. Accounts named the old way are renamed by migration 0008."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from devzone.core.errors import DomainError
from devzone.personnel import sms, vault
from devzone.personnel.identity import make_identity
from devzone.personnel.services import candidates as candidate_svc
from devzone.testing.personnel import PASSWORD, PROFILE, last_code, make_candidate

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def _columns_holding(user_id: int, text: str) -> dict:
    row = get_user_model().objects.filter(pk=user_id).values().get()
    return {k: v for k, v in row.items() if isinstance(v, str) and text in v}


def _log_in(phone_or_name: str, password: str = PASSWORD) -> Client:
    client = Client()
    client.post(LOGIN, {"username": phone_or_name, "password": password}, REMOTE_ADDR="10.0.0.42")
    return client


def test_a_candidates_phone_number_is_not_stored_in_clear_in_the_account(city):
    cand = make_candidate(city, 42)
    assert _columns_holding(cand.user_id, "13900000042") == {}
    assert cand.user.username == vault.account_name("13900000042")


def test_a_candidate_logs_in_with_the_phone_number_they_registered_with(city):
    cand = make_candidate(city, 43)
    client = _log_in("13900000043")
    assert client.session.get("_auth_user_id") == str(cand.user_id)
    page = client.get(reverse("personnel:my"))
    assert page.status_code == 200 and cand.name in page.content.decode()
    # a wrong password is refused, and what the lockout records names no phone number
    refused = _log_in("13900000043", "Wrong-Password-1")
    assert "_auth_user_id" not in refused.session
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [cand.user.username]
    assert "13900000043" not in AccessAttempt.objects.get().post_data


def test_a_staff_account_named_by_a_phone_number_still_logs_in_by_its_name(city, zone_a):
    from devzone.core.choices import Role
    from devzone.testing import factories as f

    staff = f.user_with_role(Role.PERSONNEL_OFFICER, zone=zone_a, user__username="13900000044")
    make_candidate(city, 44)  # a candidate with the same number keeps their own account
    assert _log_in("13900000044", f.PASSWORD).session.get("_auth_user_id") == str(staff.pk)


def test_a_phone_number_opens_one_account(city):
    make_candidate(city, 45)
    phone = "13900000045"
    assert sms.send_code(phone, source="test-again") is None
    with pytest.raises(DomainError) as refused:
        candidate_svc.candidate_register(
            city=city,
            phone=phone,
            code=last_code(phone),
            id_number=make_identity("370102", dt.date(1995, 5, 1), 546),  # another person
            password=PASSWORD,
            name="另一人",
        )
    assert refused.value.errors == {"phone": ["该手机号码已注册，请直接登录"]}


def test_accounts_named_after_the_phone_are_renamed_and_still_log_in(city):
    cand = make_candidate(city, 46)
    user = get_user_model().objects.get(pk=cand.user_id)
    user.username = "c13900000046"  # as candidate_register named accounts before migration 0008
    user.save(update_fields=["username"])
    migration = importlib.import_module(
        "devzone.personnel.migrations.0008_candidate_accounts_named_by_digest"
    )
    migration.rename_to_digest(apps, None)
    user.refresh_from_db()
    assert user.username == vault.account_name("13900000046")
    assert _columns_holding(user.pk, "13900000046") == {}
    assert _log_in("13900000046").session.get("_auth_user_id") == str(user.pk)
    migration.rename_to_phone(apps, None)  # and back, from the sealed phone
    user.refresh_from_db()
    assert user.username == "c13900000046"


def test_wrong_registration_codes_stay_counted(city):
    """A wrong code is counted even though the refused registration rolls back (the shared cache is the
    database): after five, even the right code is refused until a new one is fetched."""
    phone = "13900004444"
    assert sms.send_code(phone, source="t") is None
    profile = {
        "id_number": make_identity("370102", dt.date(1995, 5, 1), 44),
        "password": PASSWORD,
        "name": "考生",
        **PROFILE,
    }
    for guess in ("000000", "111111", "222222", "333333", "444444"):
        with pytest.raises(DomainError, match="验证码不正确"):
            candidate_svc.candidate_register(city=city, phone=phone, code=guess, **profile)
    assert sms.WRONG_PER_PHONE.count(phone) == 5
    with pytest.raises(DomainError, match="验证码错误次数过多"):
        candidate_svc.candidate_register(city=city, phone=phone, code=last_code(phone), **profile)
    assert not get_user_model().objects.filter(username=vault.account_name(phone)).exists()
