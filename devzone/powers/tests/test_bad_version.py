"""A version that is not a number, posted to 公布 (a crafted or broken page), is bad input: a message, nothing
published, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.powers import services
from devzone.powers.models import PowerList

pytestmark = pytest.mark.django_db


def test_publish_with_a_version_that_is_not_a_number_changes_nothing(client_for, zone_a, zone_a_leader):
    draft = services.draft_open(actor=zone_a_leader, zone=zone_a)
    c = client_for(zone_a_leader)
    r = c.post(reverse("powers:list_publish", args=[draft.pk]), {"version": "abc"}, follow=True)
    assert r.status_code == 200
    assert PowerList.objects.get(pk=draft.pk).status == "draft"
    assert [str(m) for m in r.context["messages"]]
