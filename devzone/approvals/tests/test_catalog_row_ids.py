"""A forged prerequisite id too large for any database integer, posted on a catalog item's page, is refused on the
前置事项 field and changes nothing — it was a server error on SQLite (OverflowError on the multi-select's
``IN (…)``). The field still labels each item with its code."""

import pytest
from django.urls import reverse

from devzone.approvals.catalog import catalog_import
from devzone.approvals.models import ApprovalItem
from devzone.approvals.tests.catalog_books import valid_catalog
from devzone.approvals.tests.test_catalog_pages import edit_post

pytestmark = pytest.mark.django_db
BIG = "99999999999999999999"  # 20 digits: more than a 64-bit integer holds


@pytest.fixture
def item(zone_a, zone_a_leader, departments):
    catalog_import(actor=zone_a_leader, zone=zone_a, data=valid_catalog())
    return ApprovalItem.objects.get(zone=zone_a, code="ZJ-010-1")


def test_an_oversized_prerequisite_id_is_refused_on_its_field_and_changes_nothing(
    client_for, zone_a_leader, item
):
    before = (list(item.prerequisites.order_by("pk")), item.updated_at)
    assert before[0]  # the catalog gives it a prerequisite
    c = client_for(zone_a_leader)
    c.raise_request_exception = False  # a crash is a 500 answer, not an exception in the test
    url = reverse("approvals:item_edit", args=[item.pk])
    post = edit_post(item, name="建筑工程施工许可证核发（改）")
    post["prerequisites"] = [*post["prerequisites"], BIG]
    r = c.post(url, post)
    assert r.status_code == 200
    assert list(r.context["form"].errors) == ["prerequisites"]
    item.refresh_from_db()
    assert item.name == "建筑工程施工许可证核发"
    assert (list(item.prerequisites.order_by("pk")), item.updated_at) == before
    # the prerequisites are still offered as "code name"
    first = before[0][0]
    assert f">{first.code} {first}</option>" in r.content.decode()


def test_an_oversized_prerequisite_id_is_refused_on_the_create_page(client_for, zone_a_leader, item):
    c = client_for(zone_a_leader)
    c.raise_request_exception = False
    count = ApprovalItem.objects.count()
    post = edit_post(item, code="ZJ-099", name="新事项", prerequisites=[BIG])
    post |= {"m-TOTAL_FORMS": 0, "m-INITIAL_FORMS": 0}
    r = c.post(reverse("approvals:item_create"), post)
    assert r.status_code == 200
    assert list(r.context["form"].errors) == ["prerequisites"]
    assert ApprovalItem.objects.count() == count
    r = c.post(reverse("approvals:item_create"), post | {"prerequisites": [item.pk]})
    assert r.status_code == 302
    assert list(ApprovalItem.objects.get(code="ZJ-099").prerequisites.all()) == [item]
