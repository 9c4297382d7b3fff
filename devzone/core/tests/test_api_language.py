"""The API's language: a program has no language cookie, so its Accept-Language decides (issue 17's contract);
the pages keep the user's choice and never follow the browser."""

import pytest
from django.test import Client

from devzone.testing.english import catalog_has

pytestmark = pytest.mark.django_db
REFUSED = {"未登录或令牌无效": "Not logged in, or the token is not valid"}


def test_an_api_client_asking_for_english_is_answered_in_english():
    catalog_has(REFUSED)
    response = Client().get("/api/v1/core/me", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 401
    assert response.json()["title"] == REFUSED["未登录或令牌无效"]
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("header", ["", "fr-FR,fr;q=0.9", "zh-CN,zh;q=0.9,en;q=0.8"])
def test_an_api_client_asking_for_chinese_or_nothing_we_have_is_answered_in_chinese(header):
    response = Client().get("/api/v1/core/me", HTTP_ACCEPT_LANGUAGE=header)
    assert response.json()["title"] == "未登录或令牌无效"
    assert response["Content-Language"] == "zh-hans"


def test_the_language_cookie_outweighs_the_header_for_the_api_too():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["devzone_language"] = "zh-hans"
    assert client.get("/api/v1/core/me").json()["title"] == "未登录或令牌无效"


def test_a_page_does_not_follow_the_browsers_language():
    response = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert response["Content-Language"] == "zh-hans"


def test_a_refusal_the_api_writes_itself_reads_in_the_callers_language(client_for, zone_a_leader):
    """Not the schema's messages only: a check in the operation's own code (the calendar's ten-year bound)."""
    catalog_has({"日期间隔不能超过10年": "The dates may be at most 10 years apart"})
    c = client_for(zone_a_leader)
    c.cookies["devzone_language"] = "en"
    r = c.get("/api/v1/core/calendar/between?start=2010-01-01&end=2026-01-01")
    assert r.status_code == 400
    assert r.json()["title"] == "The dates may be at most 10 years apart"
