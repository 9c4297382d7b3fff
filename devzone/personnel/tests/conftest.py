import datetime as dt

import pytest

from devzone.core.choices import Role
from devzone.testing import factories as f
from devzone.testing.personnel import make_campaign, proposed_since


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


# Four interviewed for one seat: composites 85 (hired), 84, 82.5, 80; the registrations in rank order. Ranked on
# 31 August 2026 (``proposed_since``): the hiring steps of the tests are dated from September 2026.
RANKED_ON = dt.date(2026, 8, 31)


@pytest.fixture
def ranked(city, campaign, officer_a, officer_a2, city_officer):
    from devzone.personnel.choices import RegistrationStatus as S
    from devzone.personnel.tests.test_recruitment import _ranked

    _hires, regs = _ranked(
        city,
        campaign,
        [officer_a, officer_a2],
        city_officer,
        ["90", "85", "80", "80"],
        ["70", "80", "90", "88"],
    )
    by_rank = sorted(regs, key=lambda r: r.rank)
    assert [r.status for r in by_rank] == [S.HIRED, S.RANKED, S.RANKED, S.RANKED]
    proposed_since(RANKED_ON, *by_rank)
    return by_rank


@pytest.fixture
def tie(city, campaign, officer_a, officer_a2, city_officer):
    """Two candidates equal on composite (85), written (90) and interview (80) for the one seat (加试 asked); a
    third behind."""
    from devzone.personnel.tests.test_recruitment import _ranked

    hires, regs = _ranked(
        city, campaign, [officer_a, officer_a2], city_officer, ["90", "90", "80", "70"], ["80", "80", "85"]
    )
    assert hires.hired == () and set(hires.undecided) == {str(regs[0].pk), str(regs[1].pk)}
    return regs
