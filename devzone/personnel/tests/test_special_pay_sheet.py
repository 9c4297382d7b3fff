"""特岗特薪 on the performance pay sheet: an approved agreement adds the quarter's share (to the fen, with its
decision's reference) as its own column of the sheet, its export, the API and the person's page; a draft adds
nothing, an ended agreement pays up to its end. Performance reads it through ``registry.pay_extras``."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from devzone.performance import selectors
from devzone.personnel.services import budget as svc
from devzone.personnel.specialpay import quarter_bounds, quarter_share_fen
from devzone.testing.performance import build_org, grade_all, run_round

pytestmark = pytest.mark.django_db
REF = "济北开党工委〔2026〕12号"


@pytest.fixture
def org(zone_a):
    return build_org(zone_a, "SP")


def agreement(org, staff, *, approve=True, term_from=dt.date(2026, 8, 16), term_until=dt.date(2029, 8, 15)):
    pay = svc.special_pay_draft(
        actor=org.leader,
        zone=org.zone,
        staff=staff,
        post="首席招商官",
        term_from=term_from,
        term_until=term_until,
        annual_pay="600000.00",
        targets="三年引进亿元项目10个",
    )
    if approve:
        pay = svc.special_pay_decide(actor=org.leader, pay=pay, move="approve", note="同意", decision_ref=REF)
    return pay


def test_the_pay_sheet_adds_an_approved_agreements_quarter_to_the_fen(org, client_for):
    r, _ = run_round(org, year=2026, quarter=3)
    grade_all(org, r)
    dept = org.depts[0]
    hire, other = org.staff[dept.pk][0], org.staff[dept.pk][1]
    agreement(org, other, approve=False)  # a draft pays nothing
    before = {x.staff.pk: x.line.total_fen for x in selectors.pay_sheet(r).rows}
    agreement(org, hire)
    sheet = selectors.pay_sheet(r)
    row = next(x for x in sheet.rows if x.staff.pk == hire.pk)
    # 600,000.00 元 a year from 16 August: August 16/31 of a twelfth, September a whole twelfth
    # 5,000,000 × (16/31 + 1) = 7,580,645.16… fen → 7,580,645
    assert row.extra_fen == 7_580_645
    assert row.extra_refs == REF
    assert row.line.total_fen == before[hire.pk]  # the performance pay itself is unchanged
    assert row.total_fen == before[hire.pk] + 7_580_645
    assert all(not x.extras for x in sheet.rows if x.staff.pk != hire.pk)
    assert sheet.total_fen == sum(before.values()) + 7_580_645

    client = client_for(org.tally)
    page = client.get(reverse("performance:pay_sheet", args=[r.pk])).content.decode()
    assert "特岗特薪" in page and REF in page and "75,806.45" in page
    person = client.get(reverse("performance:pay_person", args=[r.pk, hire.pk])).content.decode()
    assert REF in person and "75,806.45" in person
    api = client.get(f"/api/v1/performance/rounds/{r.pk}/pay").json()
    line = next(x for x in api["lines"] if x["employee_no"] == hire.employee_no)
    assert (line["special_pay_fen"], line["special_pay_ref"]) == (7_580_645, REF)
    assert line["pay_total_fen"] == line["total_fen"] + 7_580_645
    assert api["special_pay_fen"] == 7_580_645
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("performance:pay_export", args=[r.pk])).content)
    )
    ws = book.worksheets[0]
    header = [c.value for c in ws[1]]
    values = next(row for row in ws.iter_rows(values_only=True) if row[0] == hire.employee_no)
    assert values[header.index("特岗特薪（元）")] == 75806.45
    assert values[header.index("特岗特薪决定文号")] == REF


def test_an_ended_agreement_pays_up_to_its_end_and_not_after(org):
    r, _ = run_round(org, year=2026, quarter=3)
    grade_all(org, r)
    hire = org.staff[org.depts[0].pk][0]
    pay = agreement(org, hire)
    svc.special_pay_decide(actor=org.leader, pay=pay, move="end", note="调离", ended_on=dt.date(2026, 9, 15))
    row = next(x for x in selectors.pay_sheet(r).rows if x.staff.pk == hire.pk)
    # August 16/31 and September 15/30 of 5,000,000 fen: 5,080,645.16… → 5,080,645
    assert row.extra_fen == 5_080_645
    assert selectors.pay_sheet(r, staff_ids={hire.pk}).rows[0].extra_fen == 5_080_645


def test_quarter_shares_by_hand():
    year = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    assert [quarter_share_fen(60_000_000, *year, 2026, q) for q in (1, 2, 3, 4)] == [15_000_000] * 4
    assert quarter_share_fen(1, *year, 2026, 1) == 0  # 0.25 fen rounds down; 0.5 would round up
    assert quarter_share_fen(2, *year, 2026, 1) == 1
    assert quarter_share_fen(60_000_000, dt.date(2027, 1, 1), dt.date(2028, 1, 1), 2026, 4) == 0
    assert quarter_share_fen(60_000_000, dt.date(2026, 2, 1), dt.date(2026, 2, 28), 2026, 1) == 5_000_000


@given(
    annual=st.integers(min_value=0, max_value=10**10),
    start=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 12, 31)),
    days=st.integers(min_value=0, max_value=1500),
)
def test_quarters_add_up_to_the_term_and_never_exceed_a_full_quarter(annual, start, days):
    until = start + dt.timedelta(days=days)
    shares = [quarter_share_fen(annual, start, until, y, q) for y in range(2024, 2034) for q in (1, 2, 3, 4)]
    full = (annual + 2) // 4 + 1
    assert all(0 <= s <= full for s in shares)
    # the term's exact pay (each month a twelfth, by its days) is the sum of the quarters within a fen each
    import calendar
    from fractions import Fraction

    exact = Fraction(0)
    d = start
    while d <= until:
        exact += Fraction(annual, 12 * calendar.monthrange(d.year, d.month)[1])
        d += dt.timedelta(days=1)
    # each quarter the term touches rounds to the fen once (half a fen at most), shares of 0 included
    touched = sum(
        1
        for y in range(2024, 2034)
        for q in (1, 2, 3, 4)
        if quarter_bounds(y, q)[0] <= until and start <= quarter_bounds(y, q)[1]
    )
    assert abs(sum(shares) - exact) <= Fraction(touched, 2)


def test_a_settled_quarter_keeps_the_special_pay_it_was_paid_with(org):
    """Approved after the quarter was settled, an agreement adds nothing to it (the payroll has gone out: it is
    paid as a 补发); the one the quarter was paid with stays on the sheet."""
    from devzone.performance.services import settlement

    r, _ = run_round(org, year=2026, quarter=3)
    grade_all(org, r)
    dept = org.depts[0]
    paid, late = org.staff[dept.pk][0], org.staff[dept.pk][1]
    agreement(org, paid)
    r = settlement.round_close_pay(actor=org.tally, round=r)
    settled = {x.staff.pk: x.total_fen for x in selectors.pay_sheet(r).rows}
    agreement(org, late)
    sheet = selectors.pay_sheet(r)
    assert {x.staff.pk: x.total_fen for x in sheet.rows} == settled
    assert next(x for x in sheet.rows if x.staff.pk == paid.pk).extra_refs == REF
