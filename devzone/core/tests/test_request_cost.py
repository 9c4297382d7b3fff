"""What every logged-in request pays before its own work (issue 17): the user, its profile and its zone are fetched
once, in one statement, whatever the page, the menu, the second-factor check and the zone switcher ask of them; a
read never writes the session (the last-seen time is rewritten at most once a minute)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _statements(c, url):
    with CaptureQueriesContext(connection) as ctx:
        r = c.get(url)
    return r, [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("url", ["/", "/core/notifications/", "/api/v1/core/zones"])
def test_the_profile_and_the_zone_are_fetched_once_per_request(client_for, zone_a_leader, url):
    c = client_for(zone_a_leader)
    c.get(url)  # the first request after login may refresh the session
    r, sql = _statements(c, url)
    assert r.status_code == 200, r.content[:300]
    # the user, its profile, the zone with its city and the staff row: one statement (core.backends); a page's own
    # statement may look profiles up in a subquery (who leads a zone: ``FROM "core_profile" U0``), reading no
    # profile's columns
    profile_reads = [s for s in sql if s.startswith("SELECT") and '"core_profile".' in s]
    assert len(profile_reads) == 1, profile_reads
    user_reads = [s for s in sql if s.startswith("SELECT") and 'FROM "auth_user"' in s]
    assert user_reads == profile_reads, user_reads
    zone_reads = [s for s in sql if s.startswith("SELECT") and 'FROM "core_zone"' in s and "COUNT(" not in s]
    assert len(zone_reads) <= (1 if url.startswith("/api/v1/core/zones") else 0), zone_reads


def test_a_read_does_not_write_the_session(client_for, zone_a_leader):
    c = client_for(zone_a_leader)
    c.get("/")
    _, sql = _statements(c, "/")
    assert not [s for s in sql if "django_session" in s and not s.startswith("SELECT")]


def test_a_filter_drop_down_reads_its_rows_in_one_plain_query(client_for, zone_a_leader, monkeypatch):
    """The project list's 区域 drop-down: its rows by one SELECT, not through ``QuerySet.iterator()`` (on
    PostgreSQL a server-side cursor: DECLARE … WITH HOLD, FETCH, CLOSE for a few dozen rows), with 全部 first and
    only the zone's areas."""
    from django.db.models import QuerySet

    from devzone.core.models import Area

    def no_cursor(*args, **kwargs):
        raise AssertionError("a drop-down read its rows through QuerySet.iterator()")

    zone = zone_a_leader.profile.zone
    mine = Area.objects.create(zone=zone, name="东区片区")
    c = client_for(zone_a_leader)
    c.get("/core/project/")
    monkeypatch.setattr(QuerySet, "iterator", no_cursor)
    r, sql = _statements(c, "/core/project/")
    assert r.status_code == 200
    area_reads = [s for s in sql if 'FROM "core_area"' in s]
    assert len(area_reads) == 1 and area_reads[0].startswith("SELECT"), area_reads
    assert not [s for s in sql if s.startswith(("DECLARE", "FETCH", "CLOSE"))]
    html = r.content.decode()
    select = html[html.index('name="area"') : html.index("</select>", html.index('name="area"'))]
    assert '<option value="" selected>全部</option>' in select
    assert f'value="{mine.pk}"' in select and "东区片区" in select
    assert select.count("<option") == Area.objects.filter(zone=zone).count() + 1
