"""A department id in the grades page's URL that no database integer holds is 404, not 500."""

import pytest

from devzone.testing.performance import run_round

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("department", ["99999999999999999999999", "9223372036854775808"])
def test_a_huge_department_id_on_the_grades_page_is_404(org, client_for, department):
    r, _ = run_round(org)
    c = client_for(org.tally)
    c.raise_request_exception = False
    assert c.get(f"/performance/rounds/{r.pk}/grades/{department}/").status_code == 404
