"""The catalog workbook (审批事项目录): its layout, reading it into typed rows, and writing it.

Two sheets, the layout clerks keep their ledgers in:

* 事项 — one row per item (主项, 子项 or 办理项): its code, name, parent code, limits, prerequisites (codes
  separated by 、) and the limits of its steps (受理/审查/决定/制证; a blank cell means the item has no such
  step);
* 材料 — one row per required material, keyed by the item's code.

A third sheet, 填写说明, tells a clerk the rules. Reading checks each cell on its own (numbers, choices, yes/no);
the rules across rows and against the zone's catalog are ``devzone.approvals.catalog``'s. The size and row
limits are the platform's (``DEVZONE_IMPORT_MAX_BYTES/ROWS``), cells are read and written as ``core.ledger``
does (``cell_text``, ``safe_cell``); the two sheets, their report by sheet and row and the drop-down lists
are this workbook's own (``ledger.read_sheet`` reads one sheet and knows no validation lists).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from devzone.approvals.choices import HandlingKind, ItemKind, LegalNature, ResultKind, Stage, StepName
from devzone.approvals.models import SPECIAL_DAYS_CEILING, ApprovalItem, RequiredMaterial
from devzone.core.errors import DomainError
from devzone.core.ledger import cell_text, safe_cell

ITEM_SHEET = "事项"
MATERIAL_SHEET = "材料"
GUIDE_SHEET = "填写说明"

# The step columns, in the order of the process.
STEP_COLUMNS = [
    ("受理时限", StepName.ACCEPT),
    ("审查时限", StepName.REVIEW),
    ("决定时限", StepName.DECIDE),
    ("制证时限", StepName.CERTIFY),
]
LEGAL_COLUMNS = (
    "法律性质",
    "结果类型",
    "法定时限依据",
    "延期上限",
    "延期依据",
    "特别程序时限上限",
    "特别程序时限依据",
)
ITEM_COLUMNS = [
    "编码",
    "名称",
    "上级编码",
    "办理项",
    "原职能部门",
    "下放批次",
    "办件类型",
    "审批阶段",
    "法定时限",
    "承诺时限",
    "审批结果",
    "收费",
    "可告知承诺",
    "前置事项编码",
    *[c for c, _step in STEP_COLUMNS],
    "设定依据",
    "在用",
    # the law as data with its source (行政许可法第四十二条, 企业投资项目核准和备案管理条例第十一条 …)
    *LEGAL_COLUMNS,
]
# absent (or, for the legal columns, blank): an existing item keeps its value, a new one takes the default
OPTIONAL_ITEM_COLUMNS = {"设定依据", "在用", *LEGAL_COLUMNS}
MATERIAL_COLUMNS = ["事项编码", "序号", "名称", "原件/复印件", "份数", "必需", "可容缺", "容缺补交期限"]

ORIGINAL, COPY = "原件", "复印件"
YES, NO = "是", "否"
CODE_SEPARATORS = re.compile(r"[、,，;；\s]+")


# --- rows ---------------------------------------------------------------------------------------------
@dataclass
class MaterialRow:
    item_code: str
    name: str
    order: int = 0
    original: bool = False
    copies: int = 1
    required: bool = True
    tolerable: bool = False
    supply_days: int | None = None
    row: int = 0  # the Excel row (0: not from a workbook)

    def values(self) -> tuple:
        return (
            self.order,
            self.name,
            self.original,
            self.copies,
            self.required,
            self.tolerable,
            self.supply_days,
        )


@dataclass
class ItemRow:
    """One 事项 row, typed. ``legal_basis``/``is_active`` None: keep the stored value (column absent)."""

    code: str
    name: str
    department: str
    legal_limit_days: int
    promised_limit_days: int
    result_type: str
    parent_code: str = ""
    handling_kind: str = ""
    delegation_batch: int = 1
    kind: str = ItemKind.PROMISED
    stage: str = Stage.OTHER
    fee: Decimal = Decimal("0")
    commitment_allowed: bool = False
    prerequisites: list[str] = field(default_factory=list)
    steps: dict[str, int] = field(default_factory=dict)  # StepName -> working days, in process order
    legal_basis: str | None = ""
    is_active: bool | None = True
    # None: keep the stored value (a new item: the model's default, 行政许可 under 第四十二条)
    legal_nature: str | None = None
    result_kind: str | None = None
    legal_limit_basis: str | None = None
    extension_max_days: int | None = None
    extension_basis: str | None = None
    special_max_days: int | None = None
    special_basis: str | None = None
    row: int = 0


@dataclass
class Catalog:
    items: list[ItemRow]
    materials: list[MaterialRow] | None = None  # None: the workbook has no 材料 sheet
    errors: list[str] | None = None  # the cells that could not be read (RowErrors), reported with the rest


class RowErrors(list):
    """Messages about rows, each kept with its place (sheet, row) so the report reads top to bottom."""

    def __init__(self):
        super().__init__()
        self.places: list[tuple[int, int]] = []

    def add(self, place: tuple[int, int], msg: str) -> None:
        self.append(msg)
        self.places.append(place)

    def item(self, r: ItemRow | None, msg: str, *, row: int = 0, code: str = "") -> None:
        row, code = (r.row, r.code) if r is not None else (row, code)
        if row:
            text = _("事项表第%(row)d行（%(code)s）：%(msg)s") % {"row": row, "code": code or "—", "msg": msg}
        else:
            text = _("事项%(code)s：%(msg)s") % {"code": code, "msg": msg}
        self.add((1, row), text)

    def material(self, r: MaterialRow, msg: str) -> None:
        if r.row:
            text = _("材料表第%(row)d行（%(code)s）：%(msg)s") % {
                "row": r.row,
                "code": r.item_code,
                "msg": msg,
            }
        else:
            text = _("事项%(code)s的材料“%(name)s”：%(msg)s") % {
                "code": r.item_code,
                "name": r.name,
                "msg": msg,
            }
        self.add((2, r.row), text)

    def report(self) -> list[str]:
        """The messages by sheet and row (stable: a row's messages keep their order)."""
        order = sorted(range(len(self)), key=lambda i: self.places[i] if i < len(self.places) else (0, 0))
        return list(dict.fromkeys(self[i] for i in order))


def split_steps(days: int) -> dict[str, int]:
    """A promised limit spread over the four steps (受理 1, 决定 1, 制证 1, the rest 审查)."""
    if days <= 0:
        parts = (0, 0, 0, 0)
    elif days == 1:
        parts = (0, 1, 0, 0)
    elif days == 2:
        parts = (0, 1, 1, 0)
    elif days == 3:
        parts = (1, 1, 1, 0)
    else:
        parts = (1, days - 3, 1, 1)
    return dict(zip([s for _c, s in STEP_COLUMNS], parts, strict=True))


# --- cells ----------------------------------------------------------------------------------------------
def _lookup(choices) -> dict[str, str]:
    """Value by label (Chinese, as the workbook is written, and the current language) or by value."""
    table = {str(v): v for v in choices.values}
    table |= {str(label): v for v, label in choices.choices}
    with translation.override("zh-hans"):
        table |= {str(label): v for v, label in choices.choices}
    return table


def _label(choices, value: str) -> str:
    with translation.override("zh-hans"):
        return str(choices(value).label) if value else ""


def _text(value) -> str:
    return cell_text(value)


def _int(value, label: str, err, *, blank=None, low: int = 0, high: int = 365):
    """An integer cell; returns ``blank`` for an empty cell and None (with an error) for a bad one."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return blank
    number = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        number = int(value)
    if number is None:
        err(_("%(label)s“%(value)s”应为整数（工作日）") % {"label": label, "value": value})
        return None
    if not low <= number <= high:
        err(_("%(label)s应在%(low)d到%(high)d之间") % {"label": label, "low": low, "high": high})
        return None
    return number


def _bool(value, label: str, err, *, blank: bool | None):
    text = _text(value) if not isinstance(value, bool) else (YES if value else NO)
    if not text:
        return blank
    if text in (YES, "Y", "y", "1", "√", "TRUE", "True", "true"):
        return True
    if text in (NO, "N", "n", "0", "×", "FALSE", "False", "false"):
        return False
    err(_("%(label)s应填“是”或“否”，而不是“%(value)s”") % {"label": label, "value": text})
    return None


def _choice(value, table: dict[str, str], label: str, err, *, blank: str):
    text = _text(value)
    if not text:
        return blank
    if text not in table:
        allowed = "、".join(dict.fromkeys(k for k in table if not k.isascii()))
        err(
            _("%(label)s“%(value)s”无效（可填：%(allowed)s）")
            % {"label": label, "value": text, "allowed": allowed}
        )
        return None
    return table[text]


def _fee(value, err) -> Decimal | None:
    if value is None or _text(value) == "":
        return Decimal("0")
    if isinstance(value, bool):
        amount = None
    else:
        try:
            amount = Decimal(str(value).strip().removesuffix("元")).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            amount = None
    if amount is None or amount < 0 or amount >= Decimal("1e8"):
        err(_("收费“%(value)s”应为不小于0的金额（元）") % {"value": value})
        return None
    return amount


def split_codes(value) -> list[str]:
    return [c for c in CODE_SEPARATORS.split(_text(value)) if c]


# --- reading a workbook ---------------------------------------------------------------------------------
def _rows(ws) -> list[tuple[int, list]]:
    out = []
    for i, raw in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = list(raw)
        if i > 1 and not any(c not in (None, "") and _text(c) != "" for c in cells):
            continue
        out.append((i, cells))
    return out


def _header(
    rows, sheet: str, columns: list[str], optional: set[str], errors: RowErrors
) -> dict[str, int] | None:
    if not rows:
        errors.append(_("工作表“%(sheet)s”是空的") % {"sheet": sheet})
        return None
    names = [_text(c) for c in rows[0][1]]
    index = {}
    for pos, name in enumerate(names):
        if name in columns and name not in index:
            index[name] = pos
    missing = [c for c in columns if c not in index and c not in optional]
    if missing:
        errors.append(
            _("工作表“%(sheet)s”缺少列：%(cols)s（请使用下载的模板）")
            % {"sheet": sheet, "cols": "、".join(missing)}
        )
        return None
    return index


def read_catalog(data: bytes) -> Catalog:
    """Parse a workbook into typed rows. A file that is not the template -> DomainError; the cells that
    cannot be read are listed in ``errors`` (reported with the checks across rows, all at once)."""
    from openpyxl import load_workbook

    max_bytes, max_rows = settings.DEVZONE_IMPORT_MAX_BYTES, settings.DEVZONE_IMPORT_MAX_ROWS
    if len(data) > max_bytes:
        raise DomainError.on("file", _("文件超过%(mb)dMB") % {"mb": max_bytes // (1024 * 1024)})
    try:
        wb = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise DomainError.on("file", _("无法读取文件：请上传 .xlsx 格式的 Excel 文件"))
    try:
        if ITEM_SHEET not in wb.sheetnames:
            raise DomainError(_("找不到工作表“%(sheet)s”（请使用下载的模板）") % {"sheet": ITEM_SHEET})
        item_rows = _rows(wb[ITEM_SHEET])
        material_rows = _rows(wb[MATERIAL_SHEET]) if MATERIAL_SHEET in wb.sheetnames else None
    finally:
        wb.close()
    if len(item_rows) - 1 > max_rows or len(material_rows or []) - 1 > max_rows:
        raise DomainError.on("file", _("一次最多导入%(n)d行") % {"n": max_rows})
    errors = RowErrors()
    item_index = _header(item_rows, ITEM_SHEET, ITEM_COLUMNS, OPTIONAL_ITEM_COLUMNS, errors)
    material_index = None
    if material_rows is not None:
        material_index = _header(material_rows, MATERIAL_SHEET, MATERIAL_COLUMNS, set(), errors)
    if errors:
        raise DomainError(errors[0], {"__all__": list(errors)})
    items = [_item_row(n, cells, item_index, errors) for n, cells in item_rows[1:]]
    materials = None
    if material_rows is not None:
        materials = [_material_row(n, cells, material_index, errors) for n, cells in material_rows[1:]]
    return Catalog(items=items, materials=materials, errors=errors)


def _item_row(n: int, cells: list, index: dict[str, int], errors: RowErrors) -> ItemRow:
    def cell(name):
        pos = index.get(name)
        return cells[pos] if pos is not None and pos < len(cells) else None

    code = _text(cell("编码"))

    def err(msg):
        errors.item(None, msg, row=n, code=code)

    kinds, stages, handling = _lookup(ItemKind), _lookup(Stage), _lookup(HandlingKind)
    steps = {}
    for column, step in STEP_COLUMNS:
        days = _int(cell(column), column, err)
        if days is not None:
            steps[step] = days
    legal = _int(cell("法定时限"), "法定时限", err)
    promised = _int(cell("承诺时限"), "承诺时限", err)
    if _text(cell("法定时限")) == "":
        err(_("法定时限不能为空"))
    if _text(cell("承诺时限")) == "":
        err(_("承诺时限不能为空"))
    return ItemRow(
        row=n,
        code=code,
        name=_text(cell("名称")),
        parent_code=_text(cell("上级编码")),
        handling_kind=_choice(cell("办理项"), handling, "办理项", err, blank="") or "",
        department=_text(cell("原职能部门")),
        delegation_batch=_int(cell("下放批次"), "下放批次", err, blank=1, low=1, high=99) or 1,
        kind=_choice(cell("办件类型"), kinds, "办件类型", err, blank=ItemKind.PROMISED) or ItemKind.PROMISED,
        stage=_choice(cell("审批阶段"), stages, "审批阶段", err, blank=Stage.OTHER) or Stage.OTHER,
        legal_limit_days=legal if legal is not None else -1,
        promised_limit_days=promised if promised is not None else -1,
        result_type=_text(cell("审批结果")),
        fee=_fee(cell("收费"), err) or Decimal("0"),
        commitment_allowed=bool(_bool(cell("可告知承诺"), "可告知承诺", err, blank=False)),
        prerequisites=split_codes(cell("前置事项编码")),
        steps=steps,
        legal_basis=_text(cell("设定依据")) if "设定依据" in index else None,
        is_active=_bool(cell("在用"), "在用", err, blank=True) if "在用" in index else None,
        **_legal_cells(cell, index, err),
    )


def _legal_cells(cell, index: dict[str, int], err) -> dict:
    """The legal columns of a row: a blank or absent cell keeps the stored value (None)."""

    def text(column):
        return (_text(cell(column)) or None) if column in index else None

    nature = text("法律性质")
    kind = text("结果类型")
    most = text("延期上限")
    special = text("特别程序时限上限")
    return {
        "legal_nature": _choice(nature, _lookup(LegalNature), "法律性质", err, blank="") or None
        if nature
        else None,
        "result_kind": _choice(kind, _lookup(ResultKind), "结果类型", err, blank="") or None
        if kind
        else None,
        "legal_limit_basis": text("法定时限依据"),
        "extension_max_days": _int(cell("延期上限"), "延期上限", err, high=60) if most else None,
        "extension_basis": text("延期依据"),
        "special_max_days": _int(
            cell("特别程序时限上限"), "特别程序时限上限", err, low=1, high=SPECIAL_DAYS_CEILING
        )
        if special
        else None,
        "special_basis": text("特别程序时限依据"),
    }


def _material_row(n: int, cells: list, index: dict[str, int], errors: RowErrors) -> MaterialRow:
    def cell(name):
        pos = index[name]
        return cells[pos] if pos < len(cells) else None

    r = MaterialRow(row=n, item_code=_text(cell("事项编码")), name=_text(cell("名称")))

    def err(msg):
        errors.material(r, msg)

    r.order = _int(cell("序号"), "序号", err, blank=0, high=999) or 0
    kind = _text(cell("原件/复印件"))
    if kind not in (ORIGINAL, COPY, ""):
        err(_("原件/复印件应填“原件”或“复印件”，而不是“%(value)s”") % {"value": kind})
    r.original = kind == ORIGINAL
    r.copies = _int(cell("份数"), "份数", err, blank=1, low=1, high=99) or 1
    r.required = bool(_bool(cell("必需"), "必需", err, blank=True))
    r.tolerable = bool(_bool(cell("可容缺"), "可容缺", err, blank=False))
    r.supply_days = _int(cell("容缺补交期限"), "容缺补交期限", err, low=1, high=365)
    return r


# --- export and template ---------------------------------------------------------------------------------------
def item_cells(item: ApprovalItem) -> list:
    steps = {s.name: s.limit_days for s in item.steps.all()}
    return [
        item.code,
        item.name,
        item.parent.code if item.parent_id else None,
        _label(HandlingKind, item.handling_kind) or None,
        item.source_department.name,
        item.delegation_batch,
        _label(ItemKind, item.kind),
        _label(Stage, item.stage),
        item.legal_limit_days,
        item.promised_limit_days,
        item.result_type,
        item.fee,
        YES if item.commitment_allowed else NO,
        "、".join(sorted(p.code for p in item.prerequisites.all())) or None,
        *[steps.get(step) for _c, step in STEP_COLUMNS],
        item.legal_basis or None,
        YES if item.is_active else NO,
        _label(LegalNature, item.legal_nature),
        _label(ResultKind, item.result_kind),
        item.legal_limit_basis or None,
        item.extension_max_days,
        item.extension_basis or None,
        item.special_max_days,
        item.special_basis or None,
    ]


def material_cells(code: str, m: RequiredMaterial) -> list:
    return [
        code,
        m.order,
        m.name,
        ORIGINAL if m.original else COPY,
        m.copies,
        YES if m.required else NO,
        YES if m.tolerable else NO,
        m.supply_days if m.tolerable else None,
    ]


def write_workbook(items: list[list], materials: list[list], departments: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = ITEM_SHEET
    ws.append(ITEM_COLUMNS)
    for row in items:  # text that Excel would run as a formula stays text (core.ledger.safe_cell)
        ws.append([safe_cell(v) for v in row])
    ms = wb.create_sheet(MATERIAL_SHEET)
    ms.append(MATERIAL_COLUMNS)
    for row in materials:
        ms.append([safe_cell(v) for v in row])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F5")
    widths = {"编码": 14, "名称": 34, "上级编码": 12, "原职能部门": 14, "审批阶段": 18, "审批结果": 26}
    widths |= {
        "前置事项编码": 22,
        "设定依据": 40,
        "事项编码": 14,
        "法定时限依据": 36,
        "延期依据": 36,
        "特别程序时限依据": 36,
    }
    for sheet, columns in ((ws, ITEM_COLUMNS), (ms, MATERIAL_COLUMNS)):
        sheet.freeze_panes = "A2"
        for pos, name in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=pos)
            cell.font, cell.fill = bold, fill
            letter = cell.column_letter
            sheet.column_dimensions[letter].width = widths.get(name, 48 if name == "名称" else 11)

    def choose(sheet, column: str, columns: list[str], options: list[str]) -> None:
        letter = sheet.cell(row=1, column=columns.index(column) + 1).column_letter
        dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
        dv.error, dv.errorTitle = _("请从下拉列表中选择"), column
        sheet.add_data_validation(dv)
        dv.add(f"{letter}2:{letter}{settings.DEVZONE_IMPORT_MAX_ROWS + 1}")

    with translation.override("zh-hans"):
        choose(ws, "办理项", ITEM_COLUMNS, [str(label) for label in HandlingKind.labels])
        choose(ws, "办件类型", ITEM_COLUMNS, [str(label) for label in ItemKind.labels])
        choose(ws, "审批阶段", ITEM_COLUMNS, [str(label) for label in Stage.labels])
        choose(ws, "法律性质", ITEM_COLUMNS, [str(label) for label in LegalNature.labels])
        choose(ws, "结果类型", ITEM_COLUMNS, [str(label) for label in ResultKind.labels])
    choose(ws, "可告知承诺", ITEM_COLUMNS, [YES, NO])
    choose(ws, "在用", ITEM_COLUMNS, [YES, NO])
    if departments and sum(len(d) + 1 for d in departments) < 250:  # Excel's limit for an inline list
        choose(ws, "原职能部门", ITEM_COLUMNS, departments)
    choose(ms, "原件/复印件", MATERIAL_COLUMNS, [ORIGINAL, COPY])
    for column in ("必需", "可容缺"):
        choose(ms, column, MATERIAL_COLUMNS, [YES, NO])

    guide = wb.create_sheet(GUIDE_SHEET)
    guide.column_dimensions["A"].width = 16
    guide.column_dimensions["B"].width = 100
    for line in GUIDE:
        guide.append(list(line))
    if departments:
        guide.append([])
        guide.append([_("本开发区原职能部门"), "、".join(departments)])
    for cell in guide["A"]:
        cell.font = bold
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


GUIDE = [
    ("工作表", "“事项”每行一个事项（主项、子项或办理项）；“材料”每行一项申请材料，用“事项编码”对应到事项。"),
    ("导入规则", "先逐行校验全部数据，只要有一处错误就不导入任何数据，并列出每一处错误。"),
    ("编码", "本开发区内唯一。导入已有的编码即更新该事项。"),
    ("上级编码", "子项填主项的编码，办理项填主项或子项的编码；最多三级（主项→子项→办理项）。"),
    ("办理项", "新设、变更、延续、注销；填写办理项时必须填写上级编码。"),
    ("原职能部门", "必须是本开发区已登记的原职能部门（见下方列表，或在导入页面添加）。"),
    ("办件类型", "即办件（承诺时限填0）或承诺件。"),
    ("审批阶段", "立项用地规划许可、工程建设许可、施工许可、竣工验收或其他。"),
    ("时限", "法定时限、承诺时限、各环节时限均为工作日整数；承诺时限不得超过法定时限。"),
    ("环节时限", "受理、审查、决定、制证四列；不设该环节的留空；填写时各环节之和应等于承诺时限。"),
    ("前置事项编码", "须先办结的事项，多个用“、”分隔；须填子项或办理项（主项不能申请）。"),
    ("收费", "单位为元，不收费填0。"),
    ("材料", "“材料”表中列出的事项，其申请材料以表中为准；未列出的事项保留原有材料。"),
    ("容缺", "可容缺的材料可先受理后补交，须填写容缺补交期限（工作日）。"),
    (
        "法律性质",
        "行政许可、行政确认、备案、技术审查或其他。只有行政许可适用《中华人民共和国行政许可法》的时限和延期规定；"
        "其他性质的事项须在“法定时限依据”“延期依据”中写明其自身的依据。留空则保留原值（新事项为行政许可）。",
    ),
    ("结果类型", "许可证、批复、核准文件、备案证明、登记证明、审查合格书或其他证明文件；决定证照的表述。"),
    (
        "延期上限",
        "经批准可延长的最多工作日数，0为不得延期；行政许可法第四十二条为10个工作日，法律、法规另有规定的从其规定"
        "（如企业投资项目核准可延长40个工作日，《企业投资项目核准和备案管理条例》第十一条），并填写“延期依据”。",
    ),
    (
        "特别程序时限上限",
        "听证、检验、检测、鉴定、专家评审等特别程序所需时间不计入法定期限（行政许可法第四十五条），法律未规定上限；"
        "填写本事项特别程序时限的最多工作日数（1–365），并在“特别程序时限依据”写明来源。留空则保留原值（新事项为120）。",
    ),
]
