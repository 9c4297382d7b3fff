"""The power-list pages and API lists read the same number of statements for a list of two powers as for one of
eight (issue 17: the same query count for a small and a large zone): nothing is read row by row."""

from __future__ import annotations

import pytest

from devzone.powers import services
from devzone.powers.choices import PowerKind
from devzone.powers.tests.conftest import add_power
from devzone.testing import factories as f
from devzone.testing.clients import make_client
from devzone.testing.queries import statement_counts

pytestmark = pytest.mark.django_db

KINDS = list(PowerKind.values)


def zone_statements(zone, leader, powers: int) -> dict[str, int]:
    departments = [f.DepartmentFactory(zone=zone, name=f"部门{i}") for i in range(2)]
    draft = services.draft_open(actor=leader, zone=zone)
    for i in range(powers):
        add_power(
            leader,
            draft,
            departments[i % 2],
            kind=KINDS[i % len(KINDS)],
            name=f"{zone.name}权力事项{i}",
            legal_basis="《行政许可法》",
            accountability="依法追责",
        )
    published = services.list_publish(actor=leader, power_list=draft)
    return statement_counts(
        make_client(leader),
        (
            ("home", "/powers/"),
            ("list", f"/powers/lists/{published.pk}/"),
            ("public", f"/powers/public/{zone.pk}/"),
            ("public version", f"/powers/public/{zone.pk}/lists/{published.pk}/"),
            ("api functions", "/api/v1/powers/functions"),
            ("api lists", "/api/v1/powers/lists"),
            ("api list", f"/api/v1/powers/lists/{published.pk}"),
        ),
    )


def test_the_power_pages_and_lists_cost_the_same_statements_for_two_or_eight_powers(
    zone_a, zone_b, zone_a_leader, zone_b_leader
):
    assert zone_statements(zone_a, zone_a_leader, 2) == zone_statements(zone_b, zone_b_leader, 8)
