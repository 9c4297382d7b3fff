"""An item citing 行政许可法第四十二条 alone is held to that article: a statutory limit of at most 20 working days
and one extension of at most 10 (第二款, 统一办理、联合办理、集中办理: 45 and 15); a longer one needs the law or
regulation that says otherwise (法律、法规另有规定的，依照其规定) as its basis. The model, the item page, the
catalog import and the extension itself hold to it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from devzone.approvals.catalog import catalog_import
from devzone.approvals.models import ApprovalItem
from devzone.approvals.services import applications as svc
from devzone.approvals.tests.catalog_books import edit_post, item, valid_catalog, workbook
from devzone.core.errors import DomainError
from devzone.testing.approvals import MONDAY, ItemFactory, accepted

pytestmark = pytest.mark.django_db
ARTICLE_42 = "《中华人民共和国行政许可法》第四十二条"
REGULATION = "《企业投资项目核准和备案管理条例》第十一条"


def _errors(**fields) -> dict:
    zone_item = ApprovalItem(**fields)
    try:
        zone_item.clean()
    except ValidationError as e:
        return e.message_dict
    return {}


@pytest.mark.parametrize(
    ("fields", "field", "most"),
    [
        ({"legal_limit_days": 60}, "legal_limit_days", "20"),
        ({"extension_max_days": 30}, "extension_max_days", "10"),
        ({"legal_limit_days": 46, "legal_limit_basis": f"{ARTICLE_42}第二款"}, "legal_limit_days", "45"),
        ({"extension_max_days": 16, "extension_basis": f"{ARTICLE_42}第二款"}, "extension_max_days", "15"),
    ],
)
def test_an_item_citing_article_42_alone_is_held_to_its_limits(fields, field, most):
    base = {"legal_limit_days": 20, "promised_limit_days": 10, "extension_max_days": 10}
    errors = _errors(**(base | fields))
    assert list(errors) == [field]
    assert f"不能超过{most}个工作日" in errors[field][0] and "法律、法规另有规定" in errors[field][0]


@pytest.mark.parametrize(
    "fields",
    [
        {"legal_limit_days": 20, "extension_max_days": 10},
        {"legal_limit_days": 45, "legal_limit_basis": f"{ARTICLE_42}第二款"},
        {"extension_max_days": 15, "extension_basis": f"{ARTICLE_42}第二款"},
        # the law or regulation that says otherwise, cited as the basis
        {"extension_max_days": 40, "extension_basis": REGULATION},
        {"extension_max_days": 40, "extension_basis": f"{ARTICLE_42}、{REGULATION}"},
        {"legal_limit_days": 30, "legal_limit_basis": "《不动产登记暂行条例》第二十条"},
        {"legal_limit_days": 60, "legal_limit_basis": "行政许可法第四十二条；城乡规划法第四十五条"},
    ],
)
def test_a_basis_that_cites_the_law_saying_otherwise_allows_more(fields):
    assert _errors(**({"legal_limit_days": 20, "promised_limit_days": 10} | fields)) == {}


def test_the_refusal_speaks_the_users_language():
    """The message goes through the translation catalog, the article's citation too (English once translated)."""
    msgid = "延期上限不能超过%(n)d个工作日（%(s)s）；法律、法规另有规定的，请在延期依据中写明该法律、法规"
    for language in ("en", "zh-hans"):
        with translation.override(language):
            [message] = _errors(legal_limit_days=20, promised_limit_days=10, extension_max_days=30)[
                "extension_max_days"
            ]
            source = translation.gettext("《中华人民共和国行政许可法》第四十二条第一款")
            assert message == translation.gettext(msgid) % {"n": 10, "s": source}


def test_the_import_refuses_such_rows_and_imports_nothing(zone_a, zone_a_leader, departments):
    rows = [
        item("ZJ-001", "建设工程规划许可", **{"延期上限": 30, "延期依据": ARTICLE_42}),
        item("ZJ-002", "建设用地规划许可", **{"法定时限": 60, "承诺时限": 5}),  # a new item: §42 by default
    ]
    with pytest.raises(DomainError) as refused:
        catalog_import(actor=zone_a_leader, zone=zone_a, data=workbook(rows))
    report = str(refused.value.errors)
    assert "延期上限不能超过10个工作日" in report and "法定时限不能超过20个工作日" in report
    assert not ApprovalItem.objects.filter(zone=zone_a).exists()
    # a row leaving the basis blank keeps the stored one, and is held to it
    catalog_import(actor=zone_a_leader, zone=zone_a, data=workbook([item("ZJ-003", "施工许可")]))
    longer = workbook([item("ZJ-003", "施工许可", 法定时限=25)])
    with pytest.raises(DomainError) as refused:
        catalog_import(actor=zone_a_leader, zone=zone_a, data=longer)
    assert "法定时限不能超过20个工作日" in str(refused.value.errors)
    ok = item("FG-002", "企业投资项目核准", **{"法定时限": 20, "延期上限": 40, "延期依据": REGULATION})
    catalog_import(actor=zone_a_leader, zone=zone_a, data=workbook([ok]))
    assert ApprovalItem.objects.get(zone=zone_a, code="FG-002").extension_max_days == 40


def test_the_item_page_refuses_such_an_item_beside_the_field(client_for, zone_a, zone_a_leader, departments):
    catalog_import(actor=zone_a_leader, zone=zone_a, data=valid_catalog())
    new = ApprovalItem.objects.get(zone=zone_a, code="ZJ-010-1")
    url = reverse("approvals:item_edit", args=[new.pk])
    page = client_for(zone_a_leader).post(
        url, edit_post(new, extension_max_days=30, extension_basis=ARTICLE_42)
    )
    assert page.status_code == 200 and "延期上限不能超过10个工作日" in page.content.decode()
    new.refresh_from_db()
    assert new.extension_max_days == 10


def test_an_item_stored_before_the_rule_is_extended_within_the_article_only(
    company_user, clerk, reviewer, project_a, zone_a, zone_a_leader
):
    stored = ItemFactory(zone=zone_a)
    ApprovalItem.objects.filter(pk=stored.pk).update(extension_max_days=30)  # as a catalog held it before
    app = accepted(company_user, clerk, reviewer, project_a, ApprovalItem.objects.get(pk=stored.pk))
    on = MONDAY + dt.timedelta(days=7)
    with pytest.raises(DomainError, match="不得超过10个工作日"):
        svc.application_extend(actor=zone_a_leader, application=app, reason="需现场核查", days=30, on=on)
    app = svc.application_extend(actor=zone_a_leader, application=app, reason="需现场核查", on=on)
    assert app.extension.days == 10
