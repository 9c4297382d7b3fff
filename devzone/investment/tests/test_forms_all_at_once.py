"""The lead registration and the signing form as an officer fills them in: every problem of a submit shows at once,
each beside its own field (a wrong credit code, a date in the future, a start of construction before the signing,
an amount of 0), instead of one problem per submit; the credit code's refusal says why in the reader's language;
and the signing form's button says what it does (签约 → "Sign", not the stage "Signed")."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from devzone.investment.models import Contract, Lead
from devzone.testing.english import catalog_has, chinese_left
from devzone.testing.investment import TODAY, lead_form, new_lead

pytestmark = pytest.mark.django_db

ENGLISH = {
    "统一社会信用代码应为18位，实际为%(n)s位": "A unified social credit code has 18 characters; this one has %(n)s",
    "合同投资额须大于0": "The contract investment must be more than 0",
    "约定开工日期不能早于签约日期": "The agreed start of construction cannot be before the signing date",
    "%(label)s：%(message)s": "%(label)s: %(message)s",
    "button\x04签约": "Sign",
    "button\x04提交": "Submit",
}


@pytest.fixture
def codeless(officer, team_a):
    """A lead registered without a credit code, met a month ago: the signing form asks for its firm's code."""
    return new_lead(officer, team_a, name="甲食品有限公司")


def sign_page(client_for, officer, lead, language="zh-hans"):
    c = client_for(officer)
    c.cookies["devzone_language"] = language
    return c, reverse("investment:contract_create", args=[lead.pk])


def bad_signing(lead) -> dict:
    """A signing with four problems: a code of 3 characters, an amount of 0, signed tomorrow, and a start of
    construction before the signing."""
    return {
        "kind": "new",
        "project_name": "甲食品项目",
        "credit_code": "abc",
        "contract_investment": "0",
        "signed_on": (TODAY + dt.timedelta(days=1)).isoformat(),
        "groundbreaking_due": (TODAY - dt.timedelta(days=10)).isoformat(),
        "version": lead.version,
    }


def field_errors(html: str) -> list[str]:
    return re.findall(r'<div class="invalid-feedback[^"]*">(.*?)</div>', html)


def test_the_signing_form_shows_every_problem_at_once(client_for, officer, codeless):
    c, url = sign_page(client_for, officer, codeless)
    r = c.post(url, bad_signing(codeless))
    assert r.status_code == 200
    errors = r.context["form"].errors
    assert set(errors) == {"credit_code", "contract_investment", "signed_on", "groundbreaking_due"}, errors
    assert errors["credit_code"] == ["统一社会信用代码应为18位，实际为3位"]
    assert errors["contract_investment"] == ["合同投资额须大于0"]
    assert "日期不能晚于今天" in errors["signed_on"][0]
    assert errors["groundbreaking_due"] == ["约定开工日期不能早于签约日期"]
    assert not Contract.objects.exists()


def test_the_signing_form_still_signs_a_good_contract(client_for, officer, codeless):
    c, url = sign_page(client_for, officer, codeless)
    good = bad_signing(codeless) | {
        "credit_code": " 91350100m000100y43 ",  # typed in lower case, with spaces: taken normalized
        "contract_investment": "30000",
        "signed_on": (TODAY - dt.timedelta(days=1)).isoformat(),
        "groundbreaking_due": (TODAY + dt.timedelta(days=90)).isoformat(),
        "reason": "展会洽谈后直接签约",
    }
    r = c.post(url, good)
    assert r.status_code == 302, r.context["form"].errors
    codeless.refresh_from_db()
    assert codeless.credit_code == "91350100M000100Y43"


def test_the_signing_form_reads_in_english(client_for, officer, codeless):
    catalog_has(ENGLISH)
    c, url = sign_page(client_for, officer, codeless, "en")
    html = c.get(url).content.decode()
    assert re.search(r'<button type="submit" class="btn btn-success">Sign</button>', html)
    html = c.post(url, bad_signing(codeless)).content.decode()
    errors = field_errors(html)
    assert "A unified social credit code has 18 characters; this one has 3" in errors
    assert "The contract investment must be more than 0" in errors
    assert "The agreed start of construction cannot be before the signing date" in errors
    assert chinese_left(" ".join(errors), []) == [], errors


def test_the_lead_form_shows_every_problem_at_once(client_for, officer, team_a):
    c = client_for(officer)
    form = lead_form(team_a, credit_code="12345", on=(TODAY + dt.timedelta(days=30)).isoformat())
    r = c.post(reverse("investment:lead_create"), form)
    errors = r.context["form"].errors
    assert r.status_code == 200 and set(errors) == {"credit_code", "on"}, errors
    assert errors["credit_code"] == ["统一社会信用代码应为18位，实际为5位"]
    assert "日期不能晚于今天" in errors["on"][0]
    assert not Lead.objects.exists()


def test_the_lead_form_reads_the_code_refusal_in_english(client_for, officer, team_a):
    catalog_has(ENGLISH)
    c = client_for(officer)
    c.cookies["devzone_language"] = "en"
    form = lead_form(team_a, credit_code="91350100M000100Y4Z")
    html = c.post(reverse("investment:lead_create"), form).content.decode()
    errors = field_errors(html)
    assert errors and chinese_left(" ".join(errors), ["91350100M000100Y4Z"]) == [], errors
    assert any("characters that are not allowed: Z" in e for e in errors), errors


def test_the_exception_requests_button_says_submit_in_english(client_for, officer, team_a):
    catalog_has(ENGLISH)
    lead = new_lead(
        officer, team_a, name="乙地产有限公司", industry="70"
    )  # real estate: not a leading industry
    assert not lead.fits
    c = client_for(officer)
    c.cookies["devzone_language"] = "en"
    html = c.get(lead.get_absolute_url()).content.decode()
    form = re.search(r'<form[^>]*data-action="exception".*?</form>', html, re.S)
    assert form and re.search(
        r'<button class="btn btn-outline-warning" type="submit">Submit</button>', form[0]
    )
