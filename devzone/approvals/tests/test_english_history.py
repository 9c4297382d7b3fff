"""An application's history (办理过程) in the reader's language: the steps are stored in Chinese whoever acted
(the rows written before are, and a clerk working in English writes no English row), and the page shows each
step in the language of whoever reads it — 提交 and 要求补正 read "Submitted" and "Request supplement" to an
enterprise reading English."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from devzone.approvals.services import applications as svc
from devzone.testing.approvals import MONDAY, submit
from devzone.testing.english import chinese_left

pytestmark = pytest.mark.django_db


def _events(html: str) -> str:
    """The history card's list of steps."""
    block = html[html.index('class="list-group list-group-flush events"') :]
    return block[: block.index('<div class="card')] if '<div class="card' in block else block


def _history(html: str) -> list[str]:
    return re.findall(r'<strong class="me-auto">([^<]*)</strong>', _events(html))


def test_the_history_is_stored_in_chinese_and_read_in_the_readers_language(
    client_for, company_user, clerk, project_a, item
):
    app = submit(company_user, project_a, [item], on=MONDAY).applications.get()
    with translation.override("en"):  # the clerk works in English
        svc.application_request_supplement(actor=clerk, application=app, missing="营业执照副本", on=MONDAY)
    assert list(app.events.values_list("action", flat=True)) == ["提交", "要求补正"]

    c = client_for(company_user)
    assert _history(c.get(app.get_absolute_url()).content.decode()) == ["提交", "要求补正"]
    c.cookies["devzone_language"] = "en"
    html = c.get(app.get_absolute_url()).content.decode()
    assert _history(html) == ["Submitted", "Request supplement"]
    data = [company_user.profile.display_name, clerk.profile.display_name, "营业执照副本"]
    assert chinese_left(_events(html), data) == []
