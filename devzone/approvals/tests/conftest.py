"""The cast of the approvals tests: zone A's single window (a clerk), review desk (a reviewer), its leader,
an enterprise with a project and its user; an item with two required materials."""

import dataclasses
import datetime as dt

import pytest

from devzone.approvals.models import SourceDepartment
from devzone.approvals.tests.isolation_cast import A_MARK, B_MARK, Side, build_side
from devzone.core.choices import Role
from devzone.testing import factories as f
from devzone.testing.approvals import ItemFactory


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Uploads, certificates and the seal's master key go to a temporary folder, never the project's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEVZONE_SEAL_MASTER_KEY = "11" * 32


@pytest.fixture
def clerk(zone_a):
    return f.user_with_role(Role.WINDOW_CLERK, zone=zone_a, user__username="a_clerk", display_name="窗口甲")


@pytest.fixture
def reviewer(zone_a):
    return f.user_with_role(Role.REVIEWER, zone=zone_a, user__username="a_rev", display_name="审查甲")


@pytest.fixture
def project_a(zone_a):
    return f.ProjectFactory(zone=zone_a)


@pytest.fixture
def company_user(project_a):
    return f.user_with_role(Role.ENTERPRISE_USER, enterprise=project_a.enterprise, user__username="a_company")


@pytest.fixture
def item(zone_a):
    return ItemFactory(zone=zone_a)


@pytest.fixture
def departments(zone_a):
    """Zone A's two source departments the catalog workbooks name (县住建委, 县发改委)."""
    return [SourceDepartment.objects.create(zone=zone_a, name=n) for n in ("县住建委", "县发改委")]


# --- the isolation tests' two zones (isolation_cast.Side) ---------------------------------------------
@pytest.fixture
def side_a(zone_a, zone_a_leader, clerk, reviewer) -> Side:
    return build_side(zone_a, A_MARK, leader=zone_a_leader, clerk=clerk, reviewer=reviewer)


@pytest.fixture
def side_b(zone_b, zone_b_leader) -> Side:
    zone_b.name = f"{B_MARK}开发区"
    zone_b.save(update_fields=["name"])
    return build_side(zone_b, B_MARK, leader=zone_b_leader)


@pytest.fixture
def neighbour(side_a) -> Side:
    """Another enterprise of zone A, with its own user: same window, same review desk."""
    enterprise = f.EnterpriseFactory(zone=side_a.zone, name="邻居企业有限公司")
    company = f.user_with_role(Role.ENTERPRISE_USER, enterprise=enterprise, user__username="iso_neighbour")
    return dataclasses.replace(side_a, mark="邻居", enterprise=enterprise, company=company, projects=0)


@pytest.fixture
def no_certificate(monkeypatch):
    """Grants without rendering and signing a PDF (the certificates have their own tests)."""
    monkeypatch.setattr("devzone.approvals.certificates.issue_certificate", lambda **kw: None)


@pytest.fixture
def certificate(zone_a, settings):
    """A certificate the system issued on ``test_certificates.GRANTED_ON`` for a year, verifiable at the zone's
    public address (the verification and missing-file tests; test_certificates and test_licences make their
    own)."""
    from devzone.approvals import certificates as certs
    from devzone.approvals.tests.test_certificates import GRANTED_ON, make_application
    from devzone.core.actors import system_actor

    settings.DEVZONE_PUBLIC_URL = "https://zwfw.example.gov.cn"
    return certs.issue_certificate(
        actor=system_actor(),
        application=make_application(zone_a),
        issued_on=GRANTED_ON,
        valid_until=GRANTED_ON + dt.timedelta(days=365),
    )
