"""Input checks of 管委会+公司: a 园中园 may not sit inside a park that sits inside it (a chain of parks with no
区中园 at its root), and a party's 统一社会信用代码 is checked as core checks an enterprise's (GB 32100)."""

from __future__ import annotations

import pytest

from devzone.core.codes import make_credit_code
from devzone.core.errors import DomainError
from devzone.planning import institutions
from devzone.planning.models import Park, ZoneParty

pytestmark = pytest.mark.django_db
API = "/api/v1/planning"


def _park(officer, zone, name, parent=None):
    return institutions.park_set(
        actor=officer,
        zone_id=zone.pk,
        name=name,
        operator=f"{name}公司",
        kind="park_park" if parent else "zone_park",
        parent_id=parent.pk if parent else None,
    )


@pytest.mark.parametrize("depth", [1, 2])
def test_a_park_cannot_sit_inside_a_park_inside_it(city_officer, zone_a, depth):
    top = _park(city_officer, zone_a, "甲园")
    inner = top
    for i in range(depth):
        inner = _park(city_officer, zone_a, f"内园{i}", inner)
    with pytest.raises(DomainError) as refused:
        _park(city_officer, zone_a, "甲园", inner)
    assert "parent" in refused.value.errors
    assert Park.objects.get(pk=top.pk).parent_id is None


def test_a_park_may_move_inside_a_park_beside_it(city_officer, zone_a):
    a, b = _park(city_officer, zone_a, "甲园"), _park(city_officer, zone_a, "乙园")
    assert _park(city_officer, zone_a, "甲园", b).parent_id == b.pk
    assert Park.objects.get(pk=a.pk).parent_id == b.pk


@pytest.mark.parametrize("code", ["ABCDEFGHIJKLMNOPQR", "91370100MA3C0000", "913701001234567890"])
def test_a_partys_credit_code_is_checked(city_officer, zone_a, code):
    with pytest.raises(DomainError) as refused:
        institutions.party_set(
            actor=city_officer, zone_id=zone_a.pk, name="甲平台公司", role="platform", credit_code=code
        )
    assert "credit_code" in refused.value.errors
    assert not ZoneParty.objects.exists()


def test_a_valid_credit_code_is_stored_normalised(city_officer, zone_a):
    code = make_credit_code("91", "370100", "MA3C0001")
    party = institutions.party_set(
        actor=city_officer,
        zone_id=zone_a.pk,
        name="甲平台公司",
        role="platform",
        credit_code=f" {code.lower()} ",
    )
    assert party.credit_code == code


def test_the_api_refuses_a_bad_credit_code(city_officer, zone_a, client_for):
    c = client_for(city_officer)
    c.raise_request_exception = False
    r = c.put(
        f"{API}/parties",
        {"zone": zone_a.pk, "name": "甲平台公司", "role": "platform", "credit_code": "ABCDEFGHIJKLMNOPQR"},
        content_type="application/json",
    )
    assert r.status_code in (400, 422)
    assert not ZoneParty.objects.exists()
