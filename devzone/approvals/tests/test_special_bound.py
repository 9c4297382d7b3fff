"""The longest time of a 特别程序 is the catalog's data with its source, not a constant: 行政许可法第四十五条 leaves
the time of 听证、检验、检测、鉴定、专家评审 … out of the statutory limit and sets no maximum, so each item carries its
own bound (``special_max_days``) and where it comes from (``special_basis``). The service, the page's form and the
API check it from there; the law's own shorter maximum (委托评估: 30 working days, 条例第十一条) still holds."""

from __future__ import annotations

import pytest
from django.utils import timezone

from devzone.approvals.catalog_excel import ITEM_COLUMNS, item_cells
from devzone.approvals.choices import ResultKind, Status
from devzone.approvals.forms import SpecialForm
from devzone.approvals.models import SPECIAL_BASIS_DEFAULT, Application
from devzone.approvals.services import applications as svc
from devzone.core.errors import DomainError
from devzone.testing.approvals import ItemFactory, accepted, bearer, post_json

pytestmark = pytest.mark.django_db
BASIS = "某市工程建设项目审批制度改革实施方案第十二条"


def today():
    """The day the procedures below start (the service's default): the file is accepted then, within its
    statutory limit (a 特别程序 is not started once that has run out)."""
    return timezone.localdate()


def short_item(zone, **kw):
    return ItemFactory(zone=zone, special_max_days=40, special_basis=BASIS, **kw)


def test_a_new_item_keeps_the_former_bound_with_its_source(zone_a):
    item = ItemFactory(zone=zone_a)
    assert item.special_max_days == 120 and item.special_basis == SPECIAL_BASIS_DEFAULT


def test_the_service_holds_a_special_procedure_to_the_items_own_bound(
    company_user, clerk, reviewer, project_a, zone_a
):
    app = accepted(company_user, clerk, reviewer, project_a, short_item(zone_a), on=today())
    with pytest.raises(DomainError, match=f"1–40个工作日（{BASIS}）") as refused:
        svc.application_start_special(
            actor=reviewer, application=app, kind="expert", notice="组织专家评审", limit_days=41
        )
    assert "limit_days" in refused.value.errors
    app = svc.application_start_special(
        actor=reviewer, application=app, kind="expert", notice="组织专家评审", limit_days=40
    )
    assert app.status == Status.SPECIAL


def test_an_item_may_allow_more_than_the_former_constant(company_user, clerk, reviewer, project_a, zone_a):
    item = ItemFactory(zone=zone_a, special_max_days=180, special_basis=BASIS)
    app = accepted(company_user, clerk, reviewer, project_a, item, on=today())
    app = svc.application_start_special(
        actor=reviewer, application=app, kind="testing", notice="委托检测机构检测", limit_days=150
    )
    assert app.special_procedures.get().limit_days == 150


def test_the_laws_shorter_maximum_still_holds_for_an_entrusted_evaluation(
    company_user, clerk, reviewer, project_a, zone_a
):
    item = ItemFactory(zone=zone_a, result_kind=ResultKind.APPROVAL_DOCUMENT, special_max_days=90)
    app = accepted(company_user, clerk, reviewer, project_a, item, on=today())
    with pytest.raises(DomainError, match="条例》第十一条"):
        svc.application_start_special(
            actor=reviewer, application=app, kind="entrusted_evaluation", notice="委托评估", limit_days=31
        )


def test_the_form_takes_its_maximum_and_wording_from_the_item(zone_a):
    item = short_item(zone_a)
    form = SpecialForm(
        data={"version": 1, "kind": "expert", "notice": "专家评审", "limit_days": 41}, item=item
    )
    assert not form.is_valid() and "limit_days" in form.errors
    assert BASIS in str(form.fields["limit_days"].help_text)
    assert form.fields["limit_days"].widget.attrs["max"] == 40
    ok = SpecialForm(data={"version": 1, "kind": "expert", "notice": "专家评审", "limit_days": 40}, item=item)
    assert ok.is_valid(), ok.errors


def test_the_page_and_the_api_refuse_past_the_items_bound_and_name_its_source(
    client_for, company_user, clerk, reviewer, project_a, zone_a
):
    app = accepted(company_user, clerk, reviewer, project_a, short_item(zone_a), on=today())
    page = client_for(reviewer).get(app.get_absolute_url()).content.decode()
    assert BASIS in page
    url = f"/api/v1/approvals/applications/{app.pk}/special"
    answer = post_json(
        bearer(reviewer),
        url,
        {"version": app.version, "kind": "expert", "notice": "专家评审", "limit_days": 60},
    )
    assert answer.status_code == 400 and BASIS in answer.json()["title"]
    assert Application.objects.get(pk=app.pk).status == Status.IN_REVIEW


def test_the_catalog_workbook_and_the_item_page_carry_the_bound(client_for, zone_a_leader, zone_a):
    item = short_item(zone_a)
    row = dict(zip(ITEM_COLUMNS, item_cells(item), strict=True))
    assert row["特别程序时限上限"] == 40 and row["特别程序时限依据"] == BASIS
    page = client_for(zone_a_leader).get(item.get_absolute_url()).content.decode()
    assert "至多 40 个工作日" in page and BASIS in page


@pytest.mark.parametrize(
    ("special_max_days", "again", "refusal"),
    [(20, 1, "20个工作日"), (60, 20, "30")],
    ids=["the items own bound", "the laws shorter one"],
)
def test_the_items_bound_holds_for_the_file_in_total_and_the_laws_where_shorter(
    company_user, clerk, reviewer, project_a, zone_a, special_max_days, again, refusal
):
    """The bound of a kind (``special_bound``: the item's own, or the law's where shorter) holds for the file in
    total, however many times the procedure starts: an item bounding 委托评估 at 20 days allows 20 in all; one
    bounding it at 60 is held to the law's 30 in all (条例第十一条)."""
    import datetime as dt

    from devzone.core.workdays import get_calendar

    cal = get_calendar()

    def start(app, days, on):
        return svc.application_start_special(
            actor=reviewer,
            application=app,
            kind="entrusted_evaluation",
            notice="委托评估",
            limit_days=days,
            on=on,
        )

    first = dt.date(2025, 3, 4)
    ended = cal.add_workdays(first, 20)
    item = ItemFactory(
        zone=zone_a,
        result_kind=ResultKind.APPROVAL_DOCUMENT,
        special_max_days=special_max_days,
        special_basis=BASIS,
    )
    app = accepted(company_user, clerk, reviewer, project_a, item, on=dt.date(2025, 3, 3))
    app = svc.application_end_special(actor=reviewer, application=start(app, 20, first), on=ended)
    with pytest.raises(DomainError, match=refusal):
        start(app, again, cal.add_workdays(ended, 1))


def _one_item_book(**cells):
    from devzone.approvals.tests.catalog_books import item, workbook

    return workbook(
        [
            item(
                "FG-001",
                "企业投资项目备案",
                原职能部门="县发改委",
                办件类型="即办件",
                审批阶段="立项用地规划许可",
                法定时限=0,
                承诺时限=0,
                审批结果="备案证明",
                受理时限=0,
                审查时限=0,
                决定时限=0,
                制证时限=0,
                **cells,
            )
        ],
        [],
    )


@pytest.mark.parametrize(
    "cells",
    [
        {"特别程序时限上限": 200},  # a bound beside the default source that says 120: refused
        {"特别程序时限上限": 200, "特别程序时限依据": "法" * 300},  # longer than its field
        {"延期上限": 10, "延期依据": "法" * 300},
    ],
)
def test_a_catalog_row_gives_each_bound_its_own_source_within_its_length(
    zone_a, zone_a_leader, departments, cells
):
    from devzone.approvals.catalog import catalog_import
    from devzone.approvals.models import ApprovalItem

    with pytest.raises(DomainError):
        catalog_import(actor=zone_a_leader, zone=zone_a, data=_one_item_book(**cells))
    assert not ApprovalItem.objects.exists()
    catalog_import(
        actor=zone_a_leader, zone=zone_a, data=_one_item_book(特别程序时限上限=200, 特别程序时限依据=BASIS)
    )
    assert ApprovalItem.objects.get(code="FG-001").special_max_days == 200
