"""Formula injection: a lead whose name or contact is a formula is exported as text, never as a live formula
(a `=HYPERLINK(…)` once became a clickable link to an attacker's site in the leads export)."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from devzone.testing.investment import new_lead

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("http://e.vil","点")', "+1+cmd|' /C calc'!A0", "@SUM(1,1)", "-2+3"]


def test_formula_text_in_a_lead_is_exported_as_text(client_for, officer, team_a):
    for n, payload in enumerate(PAYLOADS):
        new_lead(officer, team_a, name=f"{payload}{n}公司", contact_name=payload)
    resp = client_for(officer).get(reverse("investment:lead_export"))
    assert resp.status_code == 200
    sheet = load_workbook(BytesIO(resp.getvalue())).active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    hits = [c for c in cells if any(p in c.value for p in PAYLOADS)]
    assert len(hits) >= len(PAYLOADS)
    for cell in hits:
        assert cell.data_type == "s" and not cell.value.startswith(("=", "+", "-", "@")), cell.value
