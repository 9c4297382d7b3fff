"""Messages in the reader's language, as an English reader meets them: why a credit code or a project code is
refused (core.codes, which every form, import and API operation that takes a code shares) reads in English, in
the language active where the refusal is read, not where it was raised; a field's message shown away from its
field ("label：message", a flash message) takes the colon of the language; and a button names what it does —
"提交" is "Submit" on a button (its context), while the column heading 提交 stays "Submitted"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from devzone.core.codes import CodeError, parse_project_code, validate_credit_code
from devzone.core.web import form_errors
from devzone.testing.english import catalog_has

ENGLISH = {
    "统一社会信用代码应为18位，实际为%(n)s位": "A unified social credit code has 18 characters; this one has %(n)s",
    "统一社会信用代码校验位（第18位）错误": "The check character (the 18th) of the unified social credit code is wrong",
    "项目代码第二段（地区代码）%(region)s在赋码年份%(year)s年不是有效的行政区划代码（GB/T 2260；该代码使用期间：%(used)s）": (
        "The second group of the project code (the region code) %(region)s was not a valid administrative "
        "division code in %(year)s, the year of the code (GB/T 2260; the region code was in use: %(used)s)"
    ),
    "%(name)s：%(start)s年起": "%(name)s: from %(start)s",
    "%(label)s：%(message)s": "%(label)s: %(message)s",
    "名称": "Name",
    "button\x04提交": "Submit",
    "button\x04签约": "Sign",
    "button\x04完成": "Done",
    "提交": "Submitted",
}


@pytest.fixture
def english():
    catalog_has(ENGLISH)


def refusal(call) -> CodeError:
    with pytest.raises(CodeError) as e:
        call()
    return e.value


def test_a_credit_codes_refusal_reads_in_english(english):
    with translation.override("en"):
        assert refusal(lambda: validate_credit_code("12345")).reason == (
            "A unified social credit code has 18 characters; this one has 5"
        )
        assert str(refusal(lambda: validate_credit_code("91110108717809965C"))) == (
            "The check character (the 18th) of the unified social credit code is wrong"
        )
    with translation.override("zh-hans"):
        assert refusal(lambda: validate_credit_code("12345")).reason == "统一社会信用代码应为18位，实际为5位"


def test_a_refusal_reads_in_the_language_of_its_reader_not_of_who_raised_it(english):
    with translation.override("zh-hans"):
        e = refusal(lambda: validate_credit_code("12345"))
    with translation.override("en"):
        assert e.reason == "A unified social credit code has 18 characters; this one has 5"


def test_a_project_codes_region_refusal_reads_in_english_with_its_periods(english):
    """济阳区 is 370115 from 2018 only: a legacy code of 2017 with it names when the code was in use."""
    e = refusal(lambda: parse_project_code("2017-370115-84-03-076425"))
    assert e.code == "region_year"
    with translation.override("en"):
        assert e.reason == (
            "The second group of the project code (the region code) 370115 was not a valid administrative "
            "division code in 2017, the year of the code (GB/T 2260; the region code was in use: 济阳区: from 2018)"
        )


class _Named(forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Name: This field is required."), ("zh-hans", "名称：这个字段是必填项。")],
)
def test_a_fields_message_away_from_the_field_takes_the_colon_of_the_language(
    english, rf, language, expected
):
    request = rf.post("/")
    request._messages = CookieStorage(request)
    with translation.override(language):
        form_errors(request, _Named({}))
        assert [str(m) for m in request._messages] == [expected]


@pytest.mark.django_db
def test_the_password_link_pages_button_says_done_in_english(english, client_for, zone_a_leader):
    c = client_for(zone_a_leader)
    c.cookies["devzone_language"] = "en"
    r = c.post(reverse("core:person_new"), {"username": "daiban2", "role": "agent", "display_name": "代办"})
    html = r.content.decode()
    assert r.status_code == 200 and "password-link" in html, html[:2000]
    assert re.search(r'<a class="btn btn-primary" href="[^"]+">Done</a>', html)


# The action texts whose English in their plain form is a state or a column heading ("Submitted", "Signed",
# "Achieved", "Problem resolved", "Rating"): on a button or a link-button they take the context "button" (or, for
# 评价, the action's own msgid 去评价).
ACTIONS = ("提交", "签约", "完成", "问题已解决", "评价")
PLAIN_ON_A_BUTTON = re.compile(
    r"<(?:button|a)\b[^>]*\bbtn\b[^>]*>\s*\{%\s*translate\s+\"("
    + "|".join(ACTIONS)
    + r")\"\s*%\}\s*</(?:button|a)>"
    r"|submit=_\(\"(" + "|".join(ACTIONS) + r")\"\)"
)


def test_no_button_reads_a_state_in_english():
    root = Path(settings.BASE_DIR) / "devzone"
    plain = [
        f"{path.relative_to(root)}: {m.group(0)}"
        for path in sorted(root.rglob("templates/**/*.html"))
        for m in PLAIN_ON_A_BUTTON.finditer(path.read_text(encoding="utf-8"))
    ]
    assert plain == []
