"""大审批's part of the demo city (found by ``core.registry``): the catalog of the 52 delegated items (and the
second batch's first items), then the reports' example path, a supplement on the enterprise portal and a
year of history."""

from devzone.core import registry


@registry.demo(5, "approvals")
def load(*, city, zones, zone, rng) -> None:
    from devzone.approvals.demo_applications import load_applications
    from devzone.approvals.demo_catalog import load_catalog

    load_catalog(zone)
    load_applications(zone)
