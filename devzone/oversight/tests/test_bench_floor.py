"""The reform bulletin's floor (``oversight.bench.bulletin_floor``) reads what the bulletin's 大服务 and 大招商
figures are chosen from: the city's fastest land certificate, and the counted contracts per zone and half-year
with their investment and the 1 亿 / 10 亿 counts, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from devzone.core import registry
from devzone.core.bench import floor_rows
from devzone.investment.models import Contract
from devzone.investment.selectors import YI
from devzone.oversight import bench
from devzone.projects.models import Milestone
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db


def land_certificate(zone, name: str, days: int) -> int:
    signed = dt.date(2026, 3, 2)
    project = f.ProjectFactory(zone=zone, name=name, signed_on=signed)
    on = signed + dt.timedelta(days=days)
    Milestone.objects.create(
        zone=zone, project=project, order=1, code="land", name="土地证", planned_on=on, actual_on=on
    )
    return project.pk


def test_the_floor_reads_what_the_bulletins_figures_are_chosen_from(city, zone_a, zone_b):
    bench.loadgen(zone=zone_a, count=3, log=lambda *_: None)
    land_certificate(zone_a, "慢项目", 10)
    fastest = land_certificate(zone_b, "快项目", 3)
    # A contract that does not count as a signed project: in no figure, however large
    uncounted = Contract.objects.filter(zone__city=city).order_by("pk").first()
    Contract.objects.filter(pk=uncounted.pk).update(
        counts_as_project=False, contract_investment=D("9000000"), counted_investment=D("9000000")
    )
    figures = {fig.key: fig for fig in registry.bulletin_figures(city=city)}

    rows = floor_rows(*bench.bulletin_floor(city))

    land = [r for r in rows if r[0] == "land"]
    assert [(r[1], r[2]) for r in land] == [(fastest, 3)]
    assert figures["projects.land_days"].value == 3
    assert figures["projects.land_days"].url == reverse("projects:project_detail", args=[fastest])
    halves = [r for r in rows if r[0] == "half"]
    assert len(halves) >= 4  # the loaded zones' half-years
    best = max(halves, key=lambda r: (D(str(r[5] or 0)), r[4], -r[1]))
    assert best[4] == figures["investment.signed"].value
    assert (D(str(best[5])) / YI).quantize(D("0.01")) == figures["investment.amount"].value
    assert (best[6], best[7]) == (
        figures["investment.over_1_yi"].value,
        figures["investment.over_10_yi"].value,
    )
    counted = Contract.objects.filter(zone__city=city, counts_as_project=True).count()
    assert sum(r[4] for r in halves) == counted
