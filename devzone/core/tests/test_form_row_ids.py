"""A forged row id too large for any database integer, posted to a form that picks rows, is an invalid choice shown
on the field — not a server error (SQLite raised OverflowError on the ``IN (…)`` of a multi-select; Django's own
single-row lookup already answers "no such row")."""

import pytest
from django.core.exceptions import ValidationError

from devzone.core import models as m

pytestmark = pytest.mark.django_db
BIG = "99999999999999999999"  # 20 digits: more than a 64-bit integer holds


@pytest.mark.parametrize(
    "url,data,field",
    [
        ("/core/zone/merge/", {"sources": [BIG], "target": "1", "merged_on": "2019-08-01"}, "sources"),
        ("/core/zone/merge/", {"sources": ["1"], "target": BIG, "merged_on": "2019-08-01"}, "target"),
        ("/core/staff/transfer/", {"staff": [BIG], "department": "1"}, "staff"),
        ("/core/staff/transfer/", {"staff": ["1"], "department": BIG}, "department"),
    ],
)
def test_an_oversized_id_is_an_invalid_choice_on_its_field(client_for, sysadmin, zone_a, url, data, field):
    c = client_for(sysadmin)
    c.raise_request_exception = False
    resp = c.post(url, data)
    assert resp.status_code == 200
    assert resp.context["form"].errors[field]


@pytest.mark.parametrize("value", [BIG, str(2**63), str(-(2**63) - 1), str(2**63 - 1), "x"])
def test_the_rows_field_refuses_ids_no_row_can_have_with_its_own_errors(zone_a, value):
    from devzone.core.forms import RowsChoiceField

    field = RowsChoiceField(queryset=m.Zone.objects.all())
    assert list(field.clean([str(zone_a.pk)])) == [zone_a]
    with pytest.raises(ValidationError) as exc:
        field.clean([str(zone_a.pk), value])
    assert exc.value.code == ("invalid_pk_value" if value == "x" else "invalid_choice")
