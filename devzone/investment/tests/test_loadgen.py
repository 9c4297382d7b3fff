"""The load generator: a small run fills the funnel, gives the signed leads contracts and leaves the counters
equal to a recount (what ``devzone loadgen --leads`` relies on)."""

import pytest

from devzone.investment import counters
from devzone.investment.bench import loadgen_leads
from devzone.investment.models import Contract, FunnelCell, Lead
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db


def test_a_small_load_is_consistent(zone_a):
    for _ in range(6):
        f.StaffFactory(zone=zone_a)
    f.ProjectFactory(zone=zone_a)
    out = loadgen_leads(zone=zone_a, count=60, seed=3, log=lambda *_: None, batch=25)
    assert out["leads"] == Lead.objects.filter(zone=zone_a).count() == 60
    assert out["contracts"] == Contract.objects.filter(zone=zone_a).count() > 0
    cells = sorted(FunnelCell.objects.filter(zone=zone_a).values_list("leads", "reached_signed", "lost"))
    counters.rebuild(zone_a.pk)
    assert cells == sorted(
        FunnelCell.objects.filter(zone=zone_a).values_list("leads", "reached_signed", "lost")
    )
