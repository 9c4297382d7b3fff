"""The enterprise's pages as the UX review found them (review #1, #7, #8, #13, #14), in Chinese and in English:
the 提交 buttons read "Submit", not the column header's "Submitted"; the open survey the enterprise has not
answered is on its desk, linked to where it opens it, and gone once answered or closed; the survey's heading and
the automatic rating's comment are in the reader's language; the request's reply-by date reads as a date, not
2026-12-10; a contact phone "abc" is refused, on the page and through the API. Each test failed before its fix."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import translation

from devzone.core.templatetags.devzone import show
from devzone.services.models import Rating, ServiceRequest
from devzone.services.services import ratings as rating_svc
from devzone.services.services import surveys as survey_svc
from devzone.testing.english import catalog_has, chinese_left
from devzone.testing.services import quarter_survey, this_quarter, today

pytestmark = pytest.mark.django_db

# the English of the texts these tests read (the project's catalog is compiled separately, from the same texts)
ENGLISH = {
    "%(y)d年第%(q)d季度企业满意度测评": "Q%(q)d %(y)d enterprise satisfaction survey",
    "%(s)s正在进行，请为开发区服务部门打分（匿名）。": (
        "%(s)s is under way; please rate the zone's service departments (anonymously)."
    ),
    "逾期未评价，系统默认基本满意": "Not rated in time: rated Fairly satisfied by default",
    "待填写的满意度测评": "Satisfaction survey to answer",
    "请填写有效的手机号或固定电话，如13900000000或0531-88776655": (
        "Enter a valid mobile or landline number, such as 13900000000 or 0531-88776655"
    ),
}
BAD_PHONE = "请填写有效的手机号或固定电话"
GAS = {
    "category": "utilities",
    "title": "天然气开口",
    "description": "新建锅炉房需接气",
}  # a request, less its phone


@pytest.fixture
def english():
    catalog_has(ENGLISH)


def _client(client_for, user, language: str):
    c = client_for(user)
    c.cookies["devzone_language"] = language
    return c


@pytest.fixture
def survey(side_a):
    """The quarter's survey, open, with a link for the side's enterprise (served this quarter)."""
    side_a.request("answered")
    opened, _told = survey_svc.survey_open(**quarter_survey(side_a))
    return opened


def _desk(client) -> dict:
    return {e.key: e for e in client.get(reverse("dashboard:home")).context["desk"]}


def _answer_page(client) -> str:
    taken = client.post(reverse("services:survey_take"))
    assert taken.status_code == 302, taken.content
    page = client.get(taken["Location"])
    assert page.status_code == 200
    return page.content.decode()


# --- #1: the buttons -------------------------------------------------------------------------------------------


def test_the_submit_buttons_read_submit_in_english_and_ti_jiao_in_chinese(client_for, side_a, survey):
    rating = side_a.rating(level=1, comment="太慢")
    side_a.call_back(rating)
    for language, button in (("zh-hans", ">提交</button>"), ("en", ">Submit</button>")):
        c = _client(client_for, side_a.company, language)
        rate_rectification = c.get(rating.follow_up.get_absolute_url()).content.decode()
        for html in (rate_rectification, _answer_page(c)):
            assert button in html
            assert ">Submitted</button>" not in html


# --- #7: the open survey on the enterprise's desk --------------------------------------------------------------


def test_the_open_survey_is_on_the_enterprises_desk_until_it_answers(client_for, side_a, survey):
    c = _client(client_for, side_a.company, "zh-hans")
    entry = _desk(c)["services.survey"]
    assert entry.count == 1 and entry.url == reverse("services:home") + "#survey"
    assert [row.label for row in entry.rows] == [f"{today().year}年第{this_quarter()[1]}季度企业满意度测评"]
    # the link leads to the banner where the enterprise opens it
    home = c.get(entry.url).content.decode()
    assert 'id="survey"' in home and reverse("services:survey_take") in home
    # answered: gone
    token = c.post(reverse("services:survey_take"))["Location"].rstrip("/").rsplit("/", 1)[-1]
    d = side_a.department.pk
    filled = {f"d{d}_overall": "4", f"d{d}_efficiency": "4", f"d{d}_attitude": "5", "comment": ""}
    assert c.post(reverse("services:survey_answer", args=[token]), filled).status_code == 200
    assert "services.survey" not in _desk(c)


def test_a_closed_survey_leaves_the_desk(client_for, side_a, survey):
    c = client_for(side_a.company)
    assert "services.survey" in _desk(c)
    survey_svc.survey_close(actor=side_a.leader, survey=survey)
    assert "services.survey" not in _desk(c)


def test_no_survey_no_desk_item(client_for, side_a):
    assert "services.survey" not in _desk(client_for(side_a.company))


# --- #8: the survey's heading and the automatic comment in the reader's language --------------------------------


def test_the_survey_heading_reads_in_the_readers_language(client_for, side_a, survey, english):
    year, quarter = this_quarter()
    zh = _client(client_for, side_a.company, "zh-hans")
    assert (
        f"{year}年第{quarter}季度企业满意度测评正在进行" in zh.get(reverse("services:home")).content.decode()
    )
    assert f"{year}年第{quarter}季度企业满意度测评" in _answer_page(zh)

    en = _client(client_for, side_a.company, "en")
    heading = f"Q{quarter} {year} enterprise satisfaction survey"
    home = en.get(reverse("services:home")).content.decode()
    assert f"{heading} is under way" in home
    assert not {"季度企业满意度测评正在进行", "请为开发区服务部门打分"} & set(chinese_left(home, []))
    assert heading in _answer_page(en)
    assert [row.label for row in _desk(en)["services.survey"].rows] == [heading]


def test_the_automatic_comment_reads_in_the_readers_language(client_for, side_a, english):
    req = side_a.request("answered")
    rating_svc.auto_rate_scan(req.answered_on + dt.timedelta(days=60))
    rating = Rating.objects.get(request=req)
    assert rating.automatic and rating.comment == "逾期未评价，系统默认基本满意"  # stored as it was
    url = reverse("services:rating_detail", args=[rating.pk])
    assert (
        "逾期未评价，系统默认基本满意"
        in _client(client_for, side_a.company, "zh-hans").get(url).content.decode()
    )
    for who in (side_a.company, side_a.leader):
        c = _client(client_for, who, "en")
        for page in (url, reverse("services:rating_list")):
            html = c.get(page).content.decode()
            assert "Not rated in time" in html and "逾期未评价" not in html, page


def test_a_typed_comment_is_shown_as_typed_in_english(client_for, side_a):
    rating = side_a.rating(
        level=5, comment="逾期未评价，系统默认基本满意"
    )  # typed by the enterprise: not ours
    html = _client(client_for, side_a.company, "en").get(rating.get_absolute_url()).content.decode()
    assert "逾期未评价，系统默认基本满意" in html


# --- #13: the reply-by date -------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_submitted_message_names_the_reply_by_day_as_its_reader_writes_it(client_for, side_a, language):
    c = _client(client_for, side_a.company, language)
    body = {"category": "utilities", "title": "天然气开口", "description": "新建锅炉房需接气"}
    html = c.post(reverse("services:request_new"), body, follow=True).content.decode()
    due = ServiceRequest.objects.get().due_on
    with translation.override(language):
        day = str(show(due))
    assert day in html and due.isoformat() not in html
    if language == "zh-hans":
        assert f"{day}前答复" in html and "年" in day


# --- #14: the contact phone -------------------------------------------------------------------------------------


@pytest.mark.parametrize("phone", ["abc", "123", "1390000000", "0531-8877"])
def test_the_request_form_refuses_a_phone_that_is_not_one(client_for, side_a, phone, english):
    body = GAS | {"contact_phone": phone}
    zh = _client(client_for, side_a.company, "zh-hans").post(reverse("services:request_new"), body)
    assert zh.status_code == 200 and BAD_PHONE in zh.content.decode()
    en = _client(client_for, side_a.company, "en").post(reverse("services:request_new"), body)
    assert "Enter a valid mobile or landline number" in en.content.decode()
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize(
    ("phone", "kept"),
    [
        ("13900000000", "13900000000"),
        ("0531-88776655", "0531-88776655"),
        ("０５３１ ８８７７６６５５", "053188776655"),
    ],
)
def test_the_request_form_takes_a_mobile_or_landline_number(client_for, side_a, phone, kept):
    body = GAS | {"contact_phone": phone}
    assert client_for(side_a.company).post(reverse("services:request_new"), body).status_code == 302
    assert ServiceRequest.objects.get().contact_phone == kept


def test_the_api_refuses_a_phone_that_is_not_one(client_for, side_a):
    c = client_for(side_a.company)
    body = GAS | {"contact_phone": "abc"}
    refused = c.post("/api/v1/services/requests", json.dumps(body), content_type="application/json")
    assert refused.status_code in (400, 422), refused.content
    assert (
        BAD_PHONE in json.dumps(refused.json(), ensure_ascii=False)
        and "contact_phone" in refused.json()["errors"]
    )
    assert not ServiceRequest.objects.exists()
    body["contact_phone"] = "0531-88776655"
    made = c.post("/api/v1/services/requests", json.dumps(body), content_type="application/json")
    assert made.status_code == 201, made.content
    assert ServiceRequest.objects.get().contact_phone == "0531-88776655"
