"""A forged approval-item id too large for any database integer, posted with a power (added to a draft, or changed
in it), is refused on the items field and changes nothing — it was a server error on SQLite (OverflowError on the
multi-select's ``IN (…)``)."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from devzone.powers import services
from devzone.powers.choices import PowerKind
from devzone.powers.models import Power
from devzone.powers.tests.conftest import add_power
from devzone.testing import factories as f
from devzone.testing.approvals import ItemFactory

pytestmark = pytest.mark.django_db
BIG = "99999999999999999999"  # 20 digits: more than a 64-bit integer holds


@pytest.fixture
def setting(zone_a, zone_a_leader):
    dept = f.DepartmentFactory(zone=zone_a, name="行政审批部")
    item = ItemFactory(zone=zone_a, name="建筑工程施工许可")
    draft = services.draft_open(actor=zone_a_leader, zone=zone_a)
    return dept, item, draft


def leader_client(client_for, leader):
    c = client_for(leader)
    c.raise_request_exception = False  # a crash is a 500 answer, not an exception in the test
    return c


def test_adding_a_power_with_an_oversized_item_id_is_refused_on_the_items_field(
    client_for, zone_a_leader, setting
):
    dept, item, draft = setting
    body = {
        "kind": PowerKind.LICENSING,
        "name": "建筑工程施工许可",
        "legal_basis": "《中华人民共和国建筑法》第八条",
        "department": dept.pk,
        "accountability": "逾期不决定的，依法追责",
        "version": type(draft).objects.get(pk=draft.pk).version,  # the draft's, as its page shows it
    }
    c = leader_client(client_for, zone_a_leader)
    r = c.post(reverse("powers:power_add", args=[draft.pk]), body | {"items": [item.pk, BIG]})
    assert r.status_code == 302 and r["Location"] == draft.get_absolute_url()
    errors = [str(m) for m in get_messages(r.wsgi_request) if m.level_tag == "error"]
    assert errors and all(e.startswith("对应审批事项：") for e in errors), errors
    assert not Power.objects.exists()
    # the same power with the real item goes through
    r = c.post(reverse("powers:power_add", args=[draft.pk]), body | {"items": [item.pk]})
    assert r.status_code == 302
    assert list(Power.objects.get().items.all()) == [item]


def test_changing_a_powers_items_to_an_oversized_id_is_refused_and_changes_nothing(
    client_for, zone_a_leader, setting
):
    dept, item, draft = setting
    power = add_power(zone_a_leader, draft, dept, accountability="逾期不决定的，依法追责", items=[item])
    version = Power.objects.get(pk=power.pk).power_list.version
    c = leader_client(client_for, zone_a_leader)
    r = c.post(
        reverse("powers:power_change", args=[power.pk]),
        {"department": dept.pk, "items": [BIG], "version": version},
    )
    assert r.status_code == 200
    form = r.context["form"]
    assert list(form.errors) == ["items"]
    power.refresh_from_db()
    assert list(power.items.all()) == [item] and power.power_list.version == version
