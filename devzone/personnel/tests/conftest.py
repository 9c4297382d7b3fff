import pytest

from devzone.core.choices import Role
from devzone.testing import factories as f
from devzone.testing.personnel import make_campaign


@pytest.fixture(autouse=True)
def _sms_and_media_in_tmp(settings, tmp_path):
    settings.DEVZONE_SMS_BACKEND = "file"
    settings.DEVZONE_SMS_FILE = tmp_path / "sms.log"
    settings.MEDIA_ROOT = tmp_path / "media"


# A campaign with openings in zone A and zone B, and the personnel officers of each (two in zone A: the double
# score entry needs a second clerk).
@pytest.fixture
def campaign(city, zone_a, zone_b):
    return make_campaign(city, [zone_a, zone_b])


@pytest.fixture
def officer_a(zone_a):
    return f.user_with_role(Role.PERSONNEL_OFFICER, zone=zone_a, user__username="hr_a")


@pytest.fixture
def officer_a2(zone_a):
    return f.user_with_role(Role.PERSONNEL_OFFICER, zone=zone_a, user__username="hr_a2")


@pytest.fixture
def officer_b(zone_b):
    return f.user_with_role(Role.PERSONNEL_OFFICER, zone=zone_b, user__username="hr_b")


# The city's 刚性淘汰比例 (济南: 3%–5% a year since the reform): a city starts without one.
@pytest.fixture
def jinan_share(city):
    import datetime as dt

    from devzone.personnel.models import EliminationShare

    return EliminationShare.objects.create(
        city=city,
        low_percent=3,
        high_percent=5,
        effective_from=dt.date(2019, 1, 1),
        basis="济南市开发区体制机制改革",
    )
