"""The catalog of approval items: Excel import (all or nothing, with a row-by-row report), export → import
round trip, and the demo's 52 first-batch items. The item pages are in test_catalog_pages.py."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from devzone.approvals.catalog import (
    ITEM_COLUMNS,
    MATERIAL_COLUMNS,
    catalog_export,
    catalog_import,
    catalog_rows,
    catalog_template,
    source_department_create,
)
from devzone.approvals.choices import HandlingKind, IntakeChannel, ItemKind, Stage, StepName
from devzone.approvals.demo_catalog import FIRST_BATCH_DEPARTMENTS, FIRST_BATCH_SIZE, load_catalog
from devzone.approvals.models import (
    Application,
    ApprovalItem,
    Intake,
    ItemStep,
    RequiredMaterial,
    SourceDepartment,
    ToleratedMaterial,
)
from devzone.approvals.tests.catalog_books import (
    import_events,
    item,
    material,
    steps,
    valid_catalog,
    workbook,
)
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db


# --- import ---------------------------------------------------------------------------------------------------
def test_import_creates_items_with_their_materials_steps_and_prerequisites(
    zone_a, zone_a_leader, departments
):
    created = catalog_import(actor=zone_a_leader, zone=zone_a, data=valid_catalog())

    assert [i.code for i in created] == ["FG-001", "ZJ-010-1", "ZJ-010-2", "ZJ-010"]
    items = {i.code: i for i in ApprovalItem.objects.filter(zone=zone_a)}
    assert set(items) == {"FG-001", "ZJ-010", "ZJ-010-1", "ZJ-010-2"}
    permit, new = items["ZJ-010"], items["ZJ-010-1"]
    assert new.parent == permit and items["ZJ-010-2"].parent == permit and permit.parent is None
    assert new.handling_kind == HandlingKind.NEW and items["ZJ-010-2"].handling_kind == HandlingKind.CHANGE
    assert (new.legal_limit_days, new.promised_limit_days, new.stage) == (7, 3, Stage.CONSTRUCTION_PERMIT)
    assert new.commitment_allowed and not items["ZJ-010-2"].commitment_allowed
    assert new.source_department.name == "县住建委" and items["FG-001"].source_department.name == "县发改委"
    assert items["FG-001"].kind == ItemKind.INSTANT
    assert items["ZJ-010-2"].fee == Decimal("12.50")
    assert permit.legal_basis == "《中华人民共和国建筑法》第八条"
    assert list(new.prerequisites.all()) == [items["FG-001"]]
    assert list(items["FG-001"].dependents.all()) == [new]
    assert [(s.order, s.name, s.limit_days) for s in new.steps.all()] == [
        (1, StepName.ACCEPT, 1),
        (2, StepName.REVIEW, 1),
        (3, StepName.DECIDE, 1),
        (4, StepName.CERTIFY, 0),
    ]
    assert [s.name for s in items["ZJ-010-2"].steps.all()] == [
        StepName.ACCEPT,
        StepName.REVIEW,
        StepName.DECIDE,
    ]
    assert not permit.steps.exists()
    mats = list(new.materials.all())
    assert [(m.order, m.name, m.original, m.copies, m.tolerable, m.supply_days) for m in mats] == [
        (1, "建筑工程施工许可申请表", True, 1, False, None),
        (2, "建设工程规划许可证", False, 1, False, None),
        (3, "施工合同", False, 2, True, 5),
    ]
    events = import_events()
    assert events.count() == 4
    assert all(e.actor_id == zone_a_leader.pk and e.zone_id == zone_a.pk for e in events)
    assert events.get(object_id=str(new.pk)).changes["前置事项"] == [None, ["FG-001"]]


def test_reimporting_a_code_updates_the_item_in_place(zone_a, zone_a_leader, departments):
    catalog_import(actor=zone_a_leader, zone=zone_a, data=valid_catalog())
    new = ApprovalItem.objects.get(zone=zone_a, code="ZJ-010-1")
    material_ids = list(new.materials.values_list("pk", flat=True))
    before = import_events().count()

    data = workbook(
        [
            item("ZJ-010-1", "建筑工程施工许可证核发", 上级编码="ZJ-010", 办理项="新设", 法定时限=7, 承诺时限=2,
                 前置事项编码="", 审批结果="建筑工程施工许可证", **steps(0, 1, 1, None)),
        ],
        [
            material("ZJ-010-1", 1, "建筑工程施工许可申请表", **{"原件/复印件": "原件"}),
            material("ZJ-010-1", 2, "建设工程规划许可证"),
            material("ZJ-010-1", 3, "施工合同", 份数=3, 可容缺="是", 容缺补交期限=5),
        ],
    )  # fmt: skip
    catalog_import(actor=zone_a_leader, zone=zone_a, data=data)

    new.refresh_from_db()
    assert ApprovalItem.objects.filter(zone=zone_a).count() == 4
    assert new.promised_limit_days == 2 and not new.prerequisites.exists()
    assert [(s.name, s.limit_days) for s in new.steps.all()] == [
        (StepName.ACCEPT, 0),
        (StepName.REVIEW, 1),
        (StepName.DECIDE, 1),
    ]
    assert list(new.materials.values_list("pk", flat=True)) == material_ids  # updated in place
    assert new.materials.get(name="施工合同").copies == 3
    # the other items (absent from the file) keep everything; one event, for the changed item only
    assert ApprovalItem.objects.get(zone=zone_a, code="ZJ-010-2").steps.count() == 3
    assert ApprovalItem.objects.get(zone=zone_a, code="FG-001").materials.count() == 1
    update = list(import_events().order_by("id")[before:])
    assert [e.object_id for e in update] == [str(new.pk)]
    assert update[0].changes["promised_limit_days"] == [3, 2]


BAD_ROWS = [
    ("unknown department", item("X-1", 原职能部门="县教育局"), "原职能部门“县教育局”不存在"),
    ("non-numeric legal limit", item("X-1", 法定时限="二十天"), "法定时限“二十天”应为整数（工作日）"),
    ("non-numeric promised limit", item("X-1", 承诺时限="5.5"), "承诺时限“5.5”应为整数"),
    ("empty limit", item("X-1", 法定时限=None), "法定时限不能为空"),
    ("promised above legal", item("X-1", 法定时限=5, 承诺时限=7), "承诺时限（7）不能超过法定时限（5）"),
    ("instant with a promise", item("X-1", 办件类型="即办件", 承诺时限=3), "即办件的承诺时限应为0"),
    ("steps do not add up", item("X-1", **steps(1, 1, 1, 1)), "各环节时限之和（4）应等于承诺时限（5）"),
    ("unknown prerequisite", item("X-1", 前置事项编码="NOPE-9"), "前置事项编码NOPE-9不存在"),
    ("unknown parent", item("X-1", 上级编码="NOPE-1", 办理项="新设"), "上级编码NOPE-1不存在"),
    ("handling kind without parent", item("X-1", 办理项="变更"), "办理项须有上级事项"),
    ("unknown stage", item("X-1", 审批阶段="设计阶段"), "审批阶段“设计阶段”无效"),
    ("bad yes/no", item("X-1", 可告知承诺="也许"), "可告知承诺应填“是”或“否”"),
    ("negative fee", item("X-1", 收费=-5), "收费“-5”应为不小于0的金额"),
]


@pytest.mark.parametrize(("case", "row", "message"), BAD_ROWS, ids=[c for c, *_ in BAD_ROWS])
def test_a_bad_row_is_reported_on_its_row_and_nothing_is_imported(
    zone_a, zone_a_leader, departments, case, row, message
):
    data = workbook([item("OK-1", "好的一行"), row])
    with pytest.raises(DomainError) as exc:
        catalog_import(actor=zone_a_leader, zone=zone_a, data=data)
    errors = exc.value.errors["__all__"]
    assert any(e.startswith("事项表第3行（X-1）") and message in e for e in errors), errors
    assert not any("第2行" in e for e in errors)
    assert not ApprovalItem.objects.exists() and not import_events().exists()


def test_every_bad_row_is_listed_at_once_and_nothing_is_imported(zone_a, zone_a_leader, departments):
    data = workbook(
        [
            item("A-1", "好的"),
            item("A-2", 原职能部门="县外事办"),
            item("A-3"),
            item("A-3", "重复"),
            item("A-4", 法定时限="七"),
            item("A-5", 法定时限=5, 承诺时限=10),
            item("A-6", 前置事项编码="A-1、Z-9"),
        ],
        [
            material("A-1", 1, "申请表"),
            material("Z-1", 1, "孤儿材料"),
            material("A-1", 2, "容缺", 可容缺="是"),
        ],
    )
    with pytest.raises(DomainError) as exc:
        catalog_import(actor=zone_a_leader, zone=zone_a, data=data)
    errors = exc.value.errors["__all__"]
    assert "导入失败" in exc.value.message and "未导入任何数据" in exc.value.message
    assert any(e.startswith("事项表第3行（A-2）") and "县外事办" in e for e in errors)
    assert "事项表第5行（A-3）：编码A-3与第4行重复" in errors
    assert any(e.startswith("事项表第6行（A-4）") and "应为整数" in e for e in errors)
    assert any(e.startswith("事项表第7行（A-5）") and "不能超过法定时限" in e for e in errors)
    assert "事项表第8行（A-6）：前置事项编码Z-9不存在" in errors
    assert "材料表第3行（Z-1）：事项编码Z-1不存在" in errors
    assert "材料表第4行（A-1）：可容缺材料须填写容缺补交期限（工作日）" in errors
    assert not any(e.startswith(("事项表第2行", "事项表第4行")) for e in errors)
    assert not ApprovalItem.objects.exists() and not RequiredMaterial.objects.exists()
    assert not import_events().exists()


def test_prerequisites_must_be_leaves_without_cycles(zone_a, zone_a_leader, departments):
    data = workbook(
        [
            item("P-1", 前置事项编码="P-2"),
            item("P-2", 前置事项编码="P-1"),
            item("M-1", "主项"),
            item("M-1-1", 上级编码="M-1", 办理项="新设"),
            item("Q-1", 前置事项编码="M-1"),
            item("R-1", 上级编码="R-1"),
        ]
    )
    with pytest.raises(DomainError) as exc:
        catalog_import(actor=zone_a_leader, zone=zone_a, data=data)
    errors = exc.value.errors["__all__"]
    assert "事项表第2行（P-1）：前置事项形成循环：P-1 → P-2 → P-1" in errors
    assert any(e.startswith("事项表第6行（Q-1）") and "M-1是主项" in e for e in errors)
    assert "事项表第7行（R-1）：上级编码不能是自身" in errors
    assert not ApprovalItem.objects.exists()


def test_a_file_that_is_not_the_template_is_refused(zone_a, zone_a_leader, departments):
    with pytest.raises(DomainError, match="缺少列"):
        catalog_import(actor=zone_a_leader, zone=zone_a, data=workbook([["X"]], item_header=["编码", "名字"]))
    with pytest.raises(DomainError, match=".xlsx"):
        catalog_import(actor=zone_a_leader, zone=zone_a, data=b"not a workbook")


def test_import_into_another_zone_or_without_the_right_is_refused(
    zone_a, zone_b, zone_a_leader, zone_a_reviewer, departments
):
    with pytest.raises(PermissionDeniedError):
        catalog_import(actor=zone_a_leader, zone=zone_b, data=valid_catalog())
    with pytest.raises(PermissionDeniedError):
        catalog_import(actor=zone_a_reviewer, zone=zone_a, data=valid_catalog())
    with pytest.raises(PermissionDeniedError):
        source_department_create(actor=zone_a_leader, zone=zone_b, name="县住建委")
    assert not ApprovalItem.objects.exists()


def test_a_material_an_application_refers_to_is_never_deleted(zone_a, zone_a_leader, departments):
    catalog_import(actor=zone_a_leader, zone=zone_a, data=valid_catalog())
    new = ApprovalItem.objects.get(zone=zone_a, code="ZJ-010-1")
    contract = new.materials.get(name="施工合同")
    project = f.ProjectFactory(zone=zone_a)
    intake = Intake.objects.create(
        zone=zone_a,
        number="SL-1",
        project=project,
        enterprise=project.enterprise,
        channel=IntakeChannel.WINDOW,
        submitted_by=zone_a_leader,
        submitted_on=dt.date(2025, 3, 3),
        applicant_name="张",
        applicant_phone="13800000000",
    )
    app = Application.objects.create(
        zone=zone_a, intake=intake, item=new, project=project, enterprise=project.enterprise,
        submitted_on=dt.date(2025, 3, 3),
    )  # fmt: skip
    ToleratedMaterial.objects.create(application=app, material=contract, due_on=dt.date(2025, 3, 10))

    data = workbook([], [material("ZJ-010-1", 1, "建筑工程施工许可申请表")])
    with pytest.raises(DomainError, match="施工合同"):
        catalog_import(actor=zone_a_leader, zone=zone_a, data=data)
    assert new.materials.count() == 3


# --- export ------------------------------------------------------------------------------------------------------
def test_export_then_import_gives_the_same_catalog(zone_a, zone_b, zone_a_leader, zone_b_leader):
    load_catalog(zone_a)
    data = catalog_export(zone_a)
    for name in SourceDepartment.objects.filter(zone=zone_a).values_list("name", flat=True):
        SourceDepartment.objects.create(zone=zone_b, name=name)

    catalog_import(actor=zone_b_leader, zone=zone_b, data=data)
    assert catalog_rows(zone_b) == catalog_rows(zone_a)

    # Importing the export back into its own zone changes nothing and records nothing.
    before, events = catalog_rows(zone_a), import_events().count()
    catalog_import(actor=zone_a_leader, zone=zone_a, data=data)
    assert catalog_rows(zone_a) == before
    assert import_events().count() == events


def test_the_template_is_an_importable_example(zone_a, zone_a_leader, departments):
    wb = load_workbook(BytesIO(catalog_template()))
    assert wb.sheetnames[:2] == ["事项", "材料"]
    assert [c.value for c in wb["事项"][1]] == ITEM_COLUMNS
    assert [c.value for c in wb["材料"][1]] == MATERIAL_COLUMNS
    # its example refers to ZJ-004-1, which this zone lacks: a clear error, not a crash
    with pytest.raises(DomainError) as exc:
        catalog_import(actor=zone_a_leader, zone=zone_a, data=catalog_template())
    assert exc.value.errors["__all__"] == ["事项表第3行（ZJ-010-1）：前置事项编码ZJ-004-1不存在"]


# --- the demo catalog ---------------------------------------------------------------------------------------------
def test_the_demo_catalog_has_the_52_first_batch_items_of_the_four_departments(zone_a):
    load_catalog(zone_a)
    items = ApprovalItem.objects.filter(zone=zone_a).select_related("source_department")
    first = items.filter(delegation_batch=1, parent__isnull=True)
    assert first.count() == FIRST_BATCH_SIZE == 52
    assert set(first.values_list("source_department__name", flat=True)) == set(FIRST_BATCH_DEPARTMENTS)
    assert set(FIRST_BATCH_DEPARTMENTS) == {"县住建委", "县发改委", "县国土资源局", "县经信局"}
    assert items.filter(delegation_batch__gt=1).exists()  # some of the second batch
    for i in items:
        assert 0 <= i.promised_limit_days <= i.legal_limit_days, i.code
        assert i.kind != ItemKind.INSTANT or i.promised_limit_days == 0, i.code
    permit = items.get(name="建筑工程施工许可证核发", parent__isnull=True)
    assert permit.legal_limit_days == 7  # 建筑法 (2019): seven days
    assert {c.legal_limit_days for c in permit.children.all()} == {7}
    assert set(permit.children.values_list("handling_kind", flat=True)) == {"new", "change", "renew"}
    eia = items.get(code="HB-001")
    assert {c.name: c.legal_limit_days for c in eia.children.all()} == {
        "环境影响报告书审批": 60,
        "环境影响报告表审批": 30,
        "环境影响登记表备案": 0,
    }
    top = items.filter(parent__isnull=True)
    assert top.get(name="建设用地规划许可证核发").legal_limit_days == 20
    assert top.get(name="企业投资项目核准").legal_limit_days == 20
    assert top.get(name="不动产登记").legal_limit_days == 30
    assert (
        items.filter(handling_kind=HandlingKind.CANCEL).exists()
        and items.filter(commitment_allowed=True).exists()
    )


def test_the_demo_catalog_is_consistent_for_the_single_window(zone_a):
    load_catalog(zone_a)
    leaves = ApprovalItem.objects.filter(zone=zone_a, children__isnull=True).prefetch_related(
        "steps", "materials", "prerequisites__children"
    )
    assert leaves.count() > FIRST_BATCH_SIZE
    for leaf in leaves:
        assert sum(s.limit_days for s in leaf.steps.all()) == leaf.promised_limit_days, leaf.code
        assert 3 <= len(leaf.materials.all()) <= 8, leaf.code
        for m in leaf.materials.all():
            assert not m.tolerable or 5 <= m.supply_days <= 10, (leaf.code, m.name)
        assert all(not p.children.all() for p in leaf.prerequisites.all()), leaf.code  # leaves only

    # The construction approval path: 备案 → 用地规划 → 设计方案 → 工程规划 → 施工许可.
    def needs(code):
        return set(
            ApprovalItem.objects.get(zone=zone_a, code=code).prerequisites.values_list("code", flat=True)
        )

    assert "ZJ-004-1" in needs("ZJ-010-1")
    assert "ZJ-003" in needs("ZJ-004-1")
    assert "ZJ-002" in needs("ZJ-003")
    assert "FG-001-1" in needs("ZJ-002")
    assert ItemStep.objects.filter(item__zone=zone_a).exists()
    assert ApprovalItem.objects.filter(zone=zone_a, materials__tolerable=True).exists()


def test_the_export_keeps_text_that_looks_like_a_formula_as_text(zone_a):
    from devzone.testing.approvals import ItemFactory

    ItemFactory(
        zone=zone_a, code="F-1", name='=HYPERLINK("http://evil.example","点我")', legal_basis="@SUM(1)"
    )
    sheet = load_workbook(BytesIO(catalog_export(zone_a)))["事项"]
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    assert row[header.index("名称")].startswith("'=") and row[header.index("设定依据")].startswith("'@")


# --- the legal columns (issue 13) --------------------------------------------------------------------------------
def test_the_legal_columns_import_and_a_non_licence_citing_the_licensing_law_is_refused(
    zone_a, zone_a_leader, departments
):
    review = item(
        "ZJ-008",
        "施工图审查",
        **{"法定时限": 15, "法律性质": "技术审查", "结果类型": "审查合格书", "延期上限": 0},
        **{"法定时限依据": "《房屋建筑和市政基础设施工程施工图设计文件审查管理办法》第十三条"},
    )
    approval = item(
        "FG-002",
        "企业投资项目核准",
        **{"结果类型": "核准文件", "延期上限": 40, "延期依据": "《企业投资项目核准和备案管理条例》第十一条"},
    )
    catalog_import(actor=zone_a_leader, zone=zone_a, data=workbook([review, approval]))
    stored = {i.code: i for i in ApprovalItem.objects.filter(zone=zone_a)}
    assert stored["ZJ-008"].legal_nature == "technical_review" and stored["ZJ-008"].extension_max_days == 0
    assert stored["FG-002"].legal_nature == "licensing" and stored["FG-002"].extension_max_days == 40
    assert stored["FG-002"].result_kind == "approval_document"

    wrong = item(
        "ZJ-013",
        "竣工验收备案",
        **{"法律性质": "备案", "法定时限依据": "《中华人民共和国行政许可法》第四十二条"},
    )
    with pytest.raises(DomainError) as exc:
        catalog_import(actor=zone_a_leader, zone=zone_a, data=workbook([wrong]))
    assert "不适用《中华人民共和国行政许可法》" in str(exc.value.errors)
    bad = item("ZJ-014", "某事项", **{"法律性质": "许可"})
    with pytest.raises(DomainError) as exc:
        catalog_import(actor=zone_a_leader, zone=zone_a, data=workbook([bad]))
    assert "法律性质“许可”无效" in str(exc.value.errors)
