"""core.views (the generic edit page): the hidden ``seen`` version is read with ``parse_datetime`` outside any
check; a well-formed but impossible time (a tampered or mangled form: 2026-02-30T10:00:00) raises ValueError and
the page answers 500. ARCHITECTURE.md: "No path answers 500 to input"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.testing import factories as f
from devzone.testing.clients import make_client

pytestmark = pytest.mark.django_db


def test_an_impossible_seen_version_is_not_a_500(zone_a_leader, zone_a):
    area = f.AreaFactory(zone=zone_a)
    c = make_client(zone_a_leader)
    c.raise_request_exception = False
    url = reverse("core:area_edit", args=[area.pk])
    page = c.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {
        k: ("" if v is None else getattr(v, "pk", v)) for k, v in form.initial.items() if k in form.fields
    }
    data["seen"] = "2026-02-30T10:00:00"
    r = c.post(url, data)
    assert r.status_code < 500, r.status_code


@pytest.mark.parametrize("seen", ["2026-02-30T10:00:00", "2026-02-01T10:00:00", "不是时间"])
def test_a_seen_version_that_is_no_aware_time_is_refused_as_stale(zone_a_leader, zone_a, seen):
    """Impossible, without its offset (naive), or not a time at all: the edit is refused with the reason, the row
    keeps its name (a missing version never means "overwrite whatever is there")."""
    area = f.AreaFactory(zone=zone_a, name="旧名")
    c = make_client(zone_a_leader)
    url = reverse("core:area_edit", args=[area.pk])
    form = c.get(url).context["form"]
    data = {
        k: ("" if v is None else getattr(v, "pk", v)) for k, v in form.initial.items() if k in form.fields
    }
    data.update(seen=seen, name="新名")
    r = c.post(url, data)
    assert r.status_code == 200
    assert "页面的版本信息无效" in r.content.decode()
    area.refresh_from_db()
    assert area.name == "旧名"
