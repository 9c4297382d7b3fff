"""Error pages speak the user's language, keep the page frame with a way back, say why a request was refused,
and a refusal leaves one log line without a traceback; times print in Beijing time."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from django.conf import settings
from django.utils import timezone, translation

from devzone.core.templatetags.devzone import show
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db


def test_a_forbidden_page_is_chinese_with_the_frame_and_a_way_home(client_for, zone_a, zone_a_reviewer):
    # A reviewer may view staff but not create them: in reach, without the right.
    resp = client_for(zone_a_reviewer).get("/core/staff/new/")
    html = resp.content.decode()
    assert resp.status_code == 403
    assert "无权访问" in html and "返回首页" in html and "Forbidden" not in html
    assert 'class="navbar' in html  # the menus stay


def test_a_refusal_with_a_reason_shows_the_reason(rf, zone_a_leader):
    from django.core.exceptions import PermissionDenied

    from devzone.core.views_errors import forbidden

    request = rf.get("/")
    request.user = zone_a_leader
    resp = forbidden(request, PermissionDenied("请先在页面顶部选择开发区"))
    assert resp.status_code == 403 and "请先在页面顶部选择开发区" in resp.content.decode()


def test_not_found_reads_the_same_for_absent_and_another_zones_row(client_for, zone_a_leader, zone_b):
    theirs = f.StaffFactory(zone=zone_b)
    client = client_for(zone_a_leader)
    other, absent = client.get(f"/core/staff/{theirs.pk}/"), client.get("/core/staff/999999/")
    assert other.status_code == absent.status_code == 404

    def without_tokens(resp):  # the CSRF token and the page's own address (the forms' "next") differ
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", resp.content.decode())
        return re.sub(r"/core/staff/\d+/", "/core/staff/N/", html)

    assert without_tokens(other) == without_tokens(absent)
    assert "页面不存在" in other.content.decode() and "Not Found" not in other.content.decode()


def test_error_pages_follow_the_language(client_for, zone_a_leader):
    client = client_for(zone_a_leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/core/staff/999999/").content.decode()
    assert "Page not found" in html and "页面不存在" not in html


def test_a_form_address_opened_as_a_page_says_so_in_the_users_language(client_for, zone_a_leader):
    """A view that answers a GET with a bare 405 (``switch_zone``) and the POST-only views (``require_POST``)
    show a page with the frame and a way back, the Allow header kept, not a blank page."""
    client = client_for(zone_a_leader)
    for address in ("/core/zone/switch/", "/core/notifications/read/"):
        resp = client.get(address)
        html = resp.content.decode()
        assert resp.status_code == 405, address
        assert "不能直接打开此地址" in html and "返回首页" in html and 'class="navbar' in html, address
    assert client.get("/core/notifications/read/")["Allow"] == "POST"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/core/notifications/read/").content.decode()
    assert "cannot be opened directly" in html and "不能直接打开此地址" not in html


def test_the_api_keeps_its_own_answer_to_a_wrong_method(client_for, zone_a_leader):
    resp = client_for(zone_a_leader).delete("/api/v1/core/projects")
    assert resp.status_code == 405
    assert "不能直接打开此地址" not in resp.content.decode()


def test_a_refusal_is_logged_without_a_traceback(client_for, zone_a, zone_a_reviewer, caplog):
    from devzone.core.logs import RefusalsWithoutTraceback

    with caplog.at_level(logging.WARNING, logger="django.request"):
        client_for(zone_a_reviewer).get("/core/staff/new/")
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records, "the refusal is logged"
    for r in records:
        RefusalsWithoutTraceback().filter(r)
        assert r.exc_info is None and r.status_code == 403


def test_times_print_in_beijing_time():
    utc = dt.datetime(2026, 11, 22, 1, 30, tzinfo=dt.UTC)  # 09:30 in Beijing
    with translation.override("zh-hans"), timezone.override("Asia/Shanghai"):
        assert "9:30" in show(utc) and "22日" in show(utc)
    late = dt.datetime(2026, 11, 22, 17, 0, tzinfo=dt.UTC)  # already the 23rd in Beijing
    with translation.override("zh-hans"):
        assert "23日" in show(late)


def test_a_form_without_its_security_token_gets_a_chinese_page_with_a_way_back(zone_a_leader):
    from django.test import Client

    from devzone.testing.clients import MODEL_BACKEND

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(zone_a_leader, backend=MODEL_BACKEND)
    resp = browser.post("/core/tokens/", {"name": "x", "days_valid": 30})
    body = resp.content.decode()
    assert resp.status_code == 403 and "页面已过期" in body and "没有保存" in body
    assert "CSRF" not in body and "返回" in body
