"""Two officers opening the zone's draft at the same moment: both read "no draft", both insert version n + 1, and
the second insert hits the unique (zone, number) constraint. On PostgreSQL that was a 500 (IntegrityError); the
second now gets a clear refusal (a conflict) and the first one's draft stands. The race is made deterministic by
inserting the other officer's draft between the read and the insert."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.errors import ConflictError
from devzone.powers import services
from devzone.powers.choices import ListStatus
from devzone.powers.models import PowerList

pytestmark = pytest.mark.django_db


@pytest.fixture
def raced(monkeypatch, zone_a):
    """The other officer's draft is inserted right after this one read the zone's last version number (so both
    take the same next number), before this one's insert."""
    queryset = type(PowerList.objects.all())
    aggregate = queryset.aggregate

    def then_the_other_inserts(self, *args, **kwargs):
        found = aggregate(self, *args, **kwargs)
        if self.model is PowerList:
            monkeypatch.setattr(queryset, "aggregate", aggregate)
            PowerList.objects.create(zone=zone_a, number=(found["n"] or 0) + 1, status=ListStatus.DRAFT)
        return found

    monkeypatch.setattr(queryset, "aggregate", then_the_other_inserts)


def test_it_refuses_the_second_of_two_concurrent_drafts_with_a_conflict(raced, zone_a, zone_a_leader):
    with pytest.raises(ConflictError) as refused:
        services.draft_open(actor=zone_a_leader, zone=zone_a)
    assert "权责清单" in refused.value.message


def test_the_page_answers_the_race_with_a_message_not_a_500(raced, client_for, zone_a_leader):
    c = client_for(zone_a_leader)
    r = c.post(reverse("powers:draft_open"), follow=True)
    assert r.status_code == 200
    assert any("权责清单" in str(m) for m in r.context["messages"])
