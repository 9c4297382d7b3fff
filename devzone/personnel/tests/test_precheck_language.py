"""The pre-check's findings (资格初审) are read in the reader's language — and so is the separator between them:
before, an English reader got "Education required: …；Must be aged 35 or under" (the Chinese full-width
semicolon) on the registration's page, the opening's list, the candidate's page and the screener's refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from devzone.core.errors import DomainError
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.tests.test_recruitment import opening_of
from devzone.testing.personnel import make_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def unmet(city, campaign):
    """A registration whose pre-check found two conditions unmet (education and age)."""
    cand = make_candidate(city, 5, born=dt.date(1980, 1, 1), education="college")
    reg = reg_svc.registration_submit(actor=cand.user, opening_id=opening_of(campaign).pk)
    assert [p["code"] for p in reg.precheck] == ["education", "age"]
    return reg


def _english(client):
    client.cookies["devzone_language"] = "en"
    return client


def test_the_pages_join_the_findings_in_the_reader_s_language(unmet, officer_a, client_for):
    staff = _english(client_for(officer_a))
    for url in (
        reverse("personnel:registration_detail", args=[unmet.pk]),
        reverse("personnel:opening_detail", args=[unmet.opening_id]),
    ):
        page = staff.get(url).content.decode()
        assert "Education required" in page and "; Must be aged 35 or under" in page, url
        assert "；Must" not in page, url
    mine = _english(client_for(unmet.candidate.user)).get(
        reverse("personnel:my_registration", args=[unmet.pk])
    )
    assert "; Must be aged 35 or under" in mine.content.decode()
    # in Chinese, as before
    chinese = client_for(officer_a).get(reverse("personnel:registration_detail", args=[unmet.pk]))
    assert "学历要求大学本科及以上；年龄应在35周岁以下" in chinese.content.decode()


def test_the_screener_s_refusal_joins_them_in_the_reader_s_language(unmet, officer_a):
    with translation.override("en"), pytest.raises(DomainError) as refused:
        reg_svc.registration_screen(actor=officer_a, registration=unmet.pk, decision="qualify")
    said = str(refused.value.errors["note"][0])
    assert "; Must be aged 35 or under" in said and "；" not in said
    with pytest.raises(DomainError, match="学历要求大学本科及以上；年龄应在35周岁以下"):
        reg_svc.registration_screen(actor=officer_a, registration=unmet.pk, decision="qualify")
