"""The cast of the approvals tests: zone A's single window (a clerk), review desk (a reviewer), its leader,
an enterprise with a project and its user; an item with two required materials."""

import pytest

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
