"""The city officer's 市级统筹 items follow the zone switcher and count what their link opens:
已评分待公布的开发区考核 counts the newest scheme's drafts (the page it links to, where they are published), an
older scheme's drafts are a row of their own; 没有现行产业规划的开发区 counts the gaps 市级统筹 lists, or with a
zone picked that zone only, linked to its plan."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.planning import services
from devzone.testing import factories as f
from devzone.testing.planning import scheme_of, score

pytestmark = pytest.mark.django_db


def scored(officer, zones, year):
    scheme = scheme_of(officer, year=year, name=f"{year}年度考核")
    for z in zones:
        score(officer, scheme, z, 10)
    return scheme


def desk_of(client) -> dict:
    return {e.key: e for e in client.get(reverse("dashboard:home")).context["desk"]}


@pytest.fixture
def zones(city):
    return f.ZoneFactory(city=city, name="甲区", level="provincial"), f.ZoneFactory(
        city=city, name="乙区", level="provincial"
    )


def test_the_unpublished_count_is_what_its_scheme_page_lists_and_follows_the_switcher(
    client_for, city_officer, zones
):
    za, zb = zones
    older = scored(city_officer, [za], 2025)
    newest = scored(city_officer, [za, zb], 2026)
    c = client_for(city_officer)
    entry = desk_of(c)["planning.unpublished"]
    assert entry.url == reverse("planning:scheme_detail", args=[newest.pk])
    page = c.get(entry.url)
    assert entry.count == sum(1 for a in page.context["results"] if a.status == "draft") == 2
    (row,) = entry.rows  # the older scheme's draft: a row with its own page
    assert (row.url, row.note) == (reverse("planning:scheme_detail", args=[older.pk]), "1个待公布")
    c.post(reverse("core:switch_zone"), {"zone": zb.pk, "next": "/"})
    narrowed = desk_of(c)["planning.unpublished"]
    assert (narrowed.count, narrowed.url, narrowed.rows) == (1, entry.url, ())  # 乙区 has no 2025 draft
    services.publish(actor=city_officer, scheme_id=newest.pk)
    assert desk_of(c)["planning.unpublished"].count == 0


def test_the_gaps_follow_the_switcher_and_link_to_the_zones_plan(client_for, city_officer, zones):
    za, zb = zones
    year = timezone.localdate().year
    services.plan_set(
        actor=city_officer, zone_id=za.pk, start_year=year, end_year=year + 2, industries=["26", "38"]
    )
    c = client_for(city_officer)
    entry = desk_of(c)["planning.gaps"]
    listed = c.get(entry.url).context["gap_rows"]
    assert entry.count == len(listed) == 1 and listed[0][0] == zb
    c.post(reverse("core:switch_zone"), {"zone": za.pk, "next": "/"})
    assert desk_of(c)["planning.gaps"].count == 0  # 甲区 has its plan
    c.post(reverse("core:switch_zone"), {"zone": zb.pk, "next": "/"})
    picked = desk_of(c)["planning.gaps"]
    assert (picked.count, picked.url) == (1, reverse("planning:plan_edit", args=[zb.pk]))
    assert c.get(picked.url).status_code == 200


def test_the_scheme_page_follows_the_switcher_with_the_zones_merged_into_the_picked_one(
    client_for, city_officer, zones
):
    """Picked in the switcher, a zone's scheme page lists its results, those of a zone merged into it since, and
    its score form only (what the desk's count of drafts counts); no zone picked, the whole city."""
    import datetime as dt

    from devzone.core.services.zones import zone_merge

    za, zb = zones
    zc = f.ZoneFactory(city=za.city, name="丙区", level="provincial")
    scheme = scored(city_officer, [za, zb, zc], 2026)
    zone_merge(actor=city_officer, sources=[zc], target=za, merged_on=dt.date(2026, 1, 1))
    c = client_for(city_officer)
    url = reverse("planning:scheme_detail", args=[scheme.pk])

    def shown():
        ctx = c.get(url).context
        return sorted(a.zone.name for a in ctx["results"]), [z.name for z, *_ in ctx["score_forms"]]

    assert shown() == (["丙区", "乙区", "甲区"], ["乙区", "甲区"])
    c.post(reverse("core:switch_zone"), {"zone": za.pk, "next": "/"})
    assert shown() == (["丙区", "甲区"], ["甲区"])
    assert desk_of(c)["planning.unpublished"].count == 2
    page = c.get(url).content.decode()
    assert 'data-testid="publish-all-zones"' in page  # publishing is still the whole period's, every zone's
    c.post(reverse("core:switch_zone"), {"zone": zb.pk, "next": "/"})
    assert shown() == (["乙区"], ["乙区"])
    c.post(reverse("core:switch_zone"), {"zone": "", "next": "/"})
    assert shown() == (["丙区", "乙区", "甲区"], ["乙区", "甲区"])
    assert 'data-testid="publish-all-zones"' not in c.get(url).content.decode()
