"""A year the platform cannot hold (0, negative, five digits) in an API query or path is an error on the field
in the user's language, never a 500 from the calendar or the database (found by schemathesis, issue 17)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/services/statistics?year=0",
        "/api/v1/services/statistics?year=-1",
        "/api/v1/services/statistics?year=10000",
        "/api/v1/services/satisfaction?year=0&quarter=1",
    ],
)
def test_an_impossible_year_is_a_field_error(client_for, zone_a_leader, url):
    r = client_for(zone_a_leader).get(url)
    assert r.status_code in (400, 422), (url, r.status_code, r.content[:200])
    assert "year" in r.content.decode()


def test_a_possible_year_answers(client_for, zone_a_leader):
    assert client_for(zone_a_leader).get("/api/v1/services/statistics?year=2026").status_code == 200
