"""机构改革 and 管委会+公司 isolation, pages and API: the city officer reaches every zone of their city and edits;
another city's officer sees nothing of it; a zone's leader reads their own zone only and changes nothing;
anonymous visitors are sent to log in. Bad input on a page is a message, never a 500."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.planning import institutions
from devzone.planning.models import InternalBody, Park, ZoneParty
from devzone.testing import factories as f
from devzone.testing.approvals import PDF  # a one-page PDF that opens

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]
API = "/api/v1/planning"
JSON = "application/json"
CUT = dt.date(2019, 6, 1)


@pytest.fixture
def world(city, zone_a, zone_b, city_officer):
    rows = {}
    for z in (zone_a, zone_b):
        old, new = (
            institutions.body_create(
                actor=city_officer,
                zone_id=z.pk,
                name=f"{z.name}{name}",
                function="investment",
                staff=staff,
                established_on=on,
                established_doc=doc,
            )
            for name, staff, on, doc in (
                ("招商局", 3, "2008-01-01", "旧〔2008〕1号"),
                ("投资促进部", 9, CUT, "改〔2019〕1号"),
            )
        )
        institutions.reform_set(actor=city_officer, zone_id=z.pk, reform_on=CUT, document="改〔2019〕1号")
        institutions.body_merge(
            actor=city_officer, body_id=old.pk, into_id=new.pk, on=CUT, document="改〔2019〕1号"
        )
        park = institutions.park_set(
            actor=city_officer, zone_id=z.pk, name=f"{z.name}园", operator="运营公司"
        )
        party = institutions.party_set(
            actor=city_officer, zone_id=z.pk, name=f"{z.name}平台公司", role="platform"
        )
        rows[z.pk] = {"old": old, "new": new, "park": park, "party": party}
    other_city = f.CityFactory(name="外市", code="370200")
    rows["other_officer"] = f.user_with_role(
        Role.CITY_OFFICER, city=other_city, user__username="other_officer"
    )
    return rows


def test_city_officer_pages_and_edits(world, client_for, city_officer, zone_a):
    c = client_for(city_officer)
    page = c.get(reverse("planning:institutions"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "甲开发区" in text and "乙开发区" in text and "42%" in text
    assert page.context["c"].before == 2 and page.context["c"].after == 2
    assert c.get(reverse("planning:institution_zone", args=[zone_a.pk])).status_code == 200
    assert c.get(reverse("planning:companies")).status_code == 200
    new = world[zone_a.pk]["new"]
    r = c.post(
        reverse("planning:body_abolish", args=[new.pk]),
        {f"a{new.pk}-on": "2021-01-01", f"a{new.pk}-document": "改〔2021〕1号"},
    )
    assert r.status_code == 302 and InternalBody.objects.get(pk=new.pk).end == "abolished"
    again = c.post(
        reverse("planning:body_abolish", args=[new.pk]),
        {f"a{new.pk}-on": "2022-01-01", f"a{new.pk}-document": "改〔2022〕1号"},
        follow=True,
    )
    assert "不能再次变动" in again.content.decode()
    r = c.post(
        reverse("planning:body_create", args=[zone_a.pk]),
        {
            "body-name": "科技部",
            "body-function": "service",
            "body-staff": "4",
            "body-established_on": "2022-01-01",
            "body-established_doc": "甲发〔2022〕1号",
        },
    )
    assert r.status_code == 302 and InternalBody.objects.filter(name="科技部").exists()
    bad = c.post(
        reverse("planning:companies"),
        {
            "which": "park",
            "park-zone": zone_a.pk,
            "park-name": "新园",
            "park-kind": "zone_park",
            "park-operator": "X",
            "park-starts_on": "2030-01-01",
            "park-ends_on": "2020-01-01",
        },
    )
    assert bad.status_code == 200 and "合同截止日期须晚于起始日期" in bad.content.decode()
    assert not Park.objects.filter(name="新园").exists()
    ok = c.post(
        reverse("planning:companies"),
        {
            "which": "party",
            "party-zone": zone_a.pk,
            "party-name": "山钢股份",
            "party-role": "operator",
            "party-starts_on": "2019-09-01",
            "party-ends_on": "2029-08-31",
        },
    )
    assert ok.status_code == 302 and ZoneParty.objects.filter(name="山钢股份").exists()


def test_another_city_sees_nothing(world, client_for, zone_a):
    c = client_for(world["other_officer"])
    page = c.get(reverse("planning:institutions"))
    assert (
        page.status_code == 200 and page.context["c"].zones == [] and "甲开发区" not in page.content.decode()
    )
    assert c.get(reverse("planning:institution_zone", args=[zone_a.pk])).status_code == 404
    new = world[zone_a.pk]["new"]
    assert c.post(reverse("planning:body_abolish", args=[new.pk]), {}).status_code == 404
    assert c.post(reverse("planning:body_merge", args=[new.pk]), {}).status_code == 404
    assert c.post(reverse("planning:body_create", args=[zone_a.pk]), {}).status_code == 404
    assert c.post(reverse("planning:institution_reform", args=[zone_a.pk]), {}).status_code == 404
    assert "甲开发区" not in c.get(reverse("planning:companies")).content.decode()
    assert c.get(f"{API}/bodies").json()["count"] == 0
    assert c.get(f"{API}/bodies", {"zone": zone_a.pk}).status_code == 404
    assert c.get(f"{API}/parks").json()["count"] == 0
    assert c.get(f"{API}/parties").json()["count"] == 0
    assert c.get(f"{API}/institutions").json()["zones"] == []
    assert (
        c.post_json(f"{API}/bodies/{new.pk}/abolish", {"on": "2021-01-01", "document": "x"}).status_code
        == 404
    )
    body = {"zone": zone_a.pk, "name": "X", "established_on": "2021-01-01", "established_doc": "x"}
    assert c.post_json(f"{API}/bodies", body).status_code == 404
    park = {"zone": zone_a.pk, "name": "X园", "operator": "X"}
    assert c.put(f"{API}/parks", json.dumps(park), content_type=JSON).status_code == 404
    assert InternalBody.objects.get(pk=new.pk).ended_on is None


def test_zone_leader_reads_own_zone_only(world, client_for, zone_a_leader, zone_a, zone_b):
    c = client_for(zone_a_leader)
    page = c.get(reverse("planning:institutions"))
    assert page.status_code == 200
    assert [r.zone.pk for r in page.context["c"].zones] == [zone_a.pk]
    assert "乙开发区" not in page.content.decode()
    assert c.get(reverse("planning:institution_zone", args=[zone_a.pk])).status_code == 200
    assert c.get(reverse("planning:institution_zone", args=[zone_b.pk])).status_code == 404
    companies = c.get(reverse("planning:companies"))
    assert companies.status_code == 200 and "乙开发区园" not in companies.content.decode()
    assert companies.context["party_form"] is None
    new = world[zone_a.pk]["new"]
    assert c.post(reverse("planning:body_abolish", args=[new.pk]), {}).status_code == 403
    assert c.post(reverse("planning:body_create", args=[zone_a.pk]), {}).status_code == 403
    assert c.post(reverse("planning:institution_reform", args=[zone_a.pk]), {}).status_code == 403
    assert c.post(reverse("planning:companies"), {"which": "park"}).status_code == 403
    assert [b["zone"] for b in c.get(f"{API}/bodies").json()["items"]] == [zone_a.pk, zone_a.pk]
    assert [p["zone"] for p in c.get(f"{API}/parks").json()["items"]] == [zone_a.pk]
    assert (
        c.post_json(f"{API}/bodies/{new.pk}/abolish", {"on": "2021-01-01", "document": "x"}).status_code
        == 403
    )
    body = {"zone": zone_a.pk, "name": "X", "established_on": "2021-01-01", "established_doc": "x"}
    assert c.post_json(f"{API}/bodies", body).status_code == 403
    assert InternalBody.objects.get(pk=new.pk).ended_on is None


def test_city_officer_api(world, client_for, city_officer, zone_a):
    c = client_for(city_officer)
    counts = c.get(f"{API}/institutions").json()
    assert (counts["before"], counts["after"], counts["change_percent"]) == (2, 2, "0.0")
    assert counts["reported_change"] == "42%"
    new = world[zone_a.pk]["new"]
    old = world[zone_a.pk]["old"]
    r = c.post_json(f"{API}/bodies/{old.pk}/abolish", {"on": "2021-01-01", "document": "x"})
    assert r.status_code in (400, 422) and "不能再次变动" in r.json()["title"]
    r = c.post_json(
        f"{API}/bodies",
        {
            "zone": zone_a.pk,
            "name": "综合部",
            "established_on": "2021-01-01",
            "established_doc": "甲〔2021〕1号",
        },
    )
    assert r.status_code == 201
    merged = c.post_json(
        f"{API}/bodies/{r.json()['id']}/merge", {"into": new.pk, "on": "2022-01-01", "document": "y"}
    )
    assert merged.status_code == 200 and merged.json()["merged_into"] == new.pk
    bad = c.put(
        f"{API}/parks",
        json.dumps(
            {
                "zone": zone_a.pk,
                "name": "P",
                "operator": "O",
                "starts_on": "2030-01-01",
                "ends_on": "2020-01-01",
            }
        ),
        content_type=JSON,
    )
    assert bad.status_code in (400, 422) and "合同截止日期须晚于起始日期" in bad.json()["title"]
    ok = c.put(
        f"{API}/parties",
        json.dumps({"zone": zone_a.pk, "name": "钢城区人民政府", "role": "co_builder"}),
        content_type=JSON,
    )
    assert ok.status_code == 200 and ok.json()["role"] == "co_builder"
    r = c.put(
        f"{API}/institutions/{zone_a.pk}/reform",
        json.dumps({"reform_on": "2019-06-01", "document": "z"}),
        content_type=JSON,
    )
    assert r.status_code == 200


def test_anonymous_is_sent_to_log_in(client, world, zone_a):
    for url in (
        reverse("planning:institutions"),
        reverse("planning:institution_zone", args=[zone_a.pk]),
        reverse("planning:companies"),
    ):
        assert client.get(url).status_code == 302
    assert client.get(f"{API}/bodies").status_code == 401
    assert client.get(f"{API}/institutions").status_code == 401


def test_a_contract_file_is_checked_and_read_only_in_reach(
    world, client_for, city_officer, zone_a, zone_a_leader
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_for(city_officer)

    def upload(name, data):
        return c.post(
            reverse("planning:companies"),
            {
                "which": "party",
                "party-zone": zone_a.pk,
                "party-name": "平台公司",
                "party-role": "platform",
                "party-contract_file": SimpleUploadedFile(name, data, content_type="application/pdf"),
            },
        )

    hostile = upload("contract.pdf", b"<html><script>alert(1)</script></html>")  # named .pdf, not a PDF
    assert hostile.status_code == 200 and "不是可接受的文件类型" in hostile.content.decode()
    assert not ZoneParty.objects.filter(name="平台公司").exists()
    assert upload("合同.pdf", PDF).status_code == 302
    party = ZoneParty.objects.get(name="平台公司")
    assert (
        party.contract_file.name.endswith(".pdf") and "合同" not in party.contract_file.name
    )  # a random name
    url = reverse("planning:contract_download", args=["party", party.pk])
    assert url in c.get(reverse("planning:companies")).content.decode()
    got = c.get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert client_for(zone_a_leader).get(url).status_code == 200  # the zone's own leader reads it
    assert client_for(world["other_officer"]).get(url).status_code == 404
    assert (
        c.get(reverse("planning:contract_download", args=["park", world[zone_a.pk]["park"].pk])).status_code
        == 404
    )
    assert c.get(f"{API}/parties").json()["items"][-1]["contract_file"] in ("", url)
