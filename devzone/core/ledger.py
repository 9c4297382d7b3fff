"""Excel ledgers (台账): the one way every module reads an uploaded workbook and writes one for download.

Reading: ``read_sheet`` opens the file (size and format checked), finds the header row and checks it against
the ``Column`` specs, and hands back the data rows with their Excel row numbers. A module's importer then
parses each row, collecting problems in a ``RowReport``; ``report.raise_if_any()`` refuses the whole file
with every problem listed by row (all or nothing: call it before the first write, inside the transaction).

    COLUMNS = [Column("company_name", _("企业名称"), required=True), Column("amount", _("投资额（万元）"))]
    sheet = read_sheet(data, COLUMNS)
    report = RowReport()
    for n, row in sheet.rows:           # row: {key: cell value}
        if not row["company_name"]:
            report.add(n, _("企业名称必填"))
    report.raise_if_any()

Writing: ``workbook(sheets)`` builds an .xlsx from (title, header, rows) triples — bold frozen header, text
cells that would start a formula neutralised, control characters that a workbook cannot hold (a ``\\x0b`` pasted
from another system) left out, so that no saved text can make an export fail — and ``xlsx_response`` sends it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

from devzone.core.errors import CONTROL_CHARACTER, DomainError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The characters an .xlsx cannot hold (C0 controls but tab, newline and carriage return: openpyxl's
# ILLEGAL_CHARACTERS_RE): openpyxl refuses a cell with one (IllegalCharacterError), which made the whole export
# answer 500. The services refuse them in new text (errors.clean_text); a text saved before is exported without.
ILLEGAL_CHARACTERS = CONTROL_CHARACTER
# ... and what a sheet's title cannot hold besides.
TITLE_ILLEGAL = re.compile(r"[\x00-\x1f\\*?:/\[\]]")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False  # the header must be there (a value may still be blank: the importer decides)
    aliases: tuple[str, ...] = ()  # older headers accepted on import
    width: int = 0  # column width on export (0: openpyxl's default)


@dataclass
class Sheet:
    header: list[str]
    rows: list[tuple[int, dict]]  # (Excel row number, {column key: value})
    extra: list[str] = field(default_factory=list)  # headers the specs do not know (ignored)


class RowReport:
    """Problems found in an import, by Excel row; nothing is written when there is any."""

    def __init__(self, limit: int = 200):
        self.problems: list[tuple[int, str]] = []
        self.limit = limit

    def add(self, row: int, message: str) -> None:
        self.problems.append((row, str(message)))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def lines(self) -> list[str]:
        out = [
            _("第%(row)d行：%(msg)s") % {"row": n, "msg": m} if n else m
            for n, m in sorted(self.problems)[: self.limit]
        ]
        if len(self.problems) > self.limit:
            out.append(_("……另有%(n)d处问题") % {"n": len(self.problems) - self.limit})
        return out

    def raise_if_any(self) -> None:
        if self.problems:
            lines = self.lines()
            raise DomainError(
                _("导入未执行：发现%(n)d处问题，请修改后重新上传") % {"n": len(self.problems)},
                {"file": lines},
            )


def cell_text(value) -> str:
    """A cell as text: numbers without a trailing .0, dates as ISO, blanks as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def read_sheet(
    data: bytes,
    columns: Sequence[Column],
    *,
    max_rows: int | None = None,
    max_bytes: int | None = None,
    sheet: int | str = 0,
) -> Sheet:
    """The data rows of one worksheet, keyed by the columns' keys. Refuses (``DomainError`` on ``file``) a file
    that is too large, not an .xlsx workbook, missing a required header, or longer than ``max_rows``."""
    max_rows = max_rows or settings.DEVZONE_IMPORT_MAX_ROWS
    wb = _open(data, max_bytes)
    try:
        if isinstance(sheet, str):
            if sheet not in wb.sheetnames:
                raise DomainError.on("file", _("工作簿中没有名为“%(s)s”的工作表") % {"s": sheet})
            ws = wb[sheet]
        else:
            ws = wb.worksheets[sheet]
        raw = ws.iter_rows(values_only=True)
        header = [cell_text(c) for c in next(raw, ())]
        index = _header_index(header, columns)
        rows = []
        for n, values in enumerate(raw, start=2):
            if _blank(values):
                continue
            if len(rows) >= max_rows:
                raise _too_many(max_rows)
            rows.append((n, {c.key: _cell(values, index.get(c.key)) for c in columns}))
    except DomainError:
        raise
    except Exception as e:  # openpyxl parses the cells lazily, while the rows are read
        raise _unreadable() from e
    finally:
        wb.close()
    known = {c.label for c in columns} | {a for c in columns for a in c.aliases}
    return Sheet(header=header, rows=rows, extra=[h for h in header if h and h not in known])


def read_rows(data: bytes, *, max_rows: int | None = None, max_bytes: int | None = None) -> list[list]:
    """Every row of the first worksheet as a list of cell values (header included, blank rows kept so that a
    row's index still gives its Excel row number), for sheets without a fixed header; the same size, format and
    row-count checks as ``read_sheet`` (at most ``max_rows`` non-blank rows after the first)."""
    max_rows = max_rows or settings.DEVZONE_IMPORT_MAX_ROWS
    wb = _open(data, max_bytes)
    try:
        rows: list[list] = []
        blanks: list[list] = []  # blank rows kept only once a later row holds something
        filled = 0
        for n, values in enumerate(wb.worksheets[0].iter_rows(values_only=True)):
            if _blank(values):
                blanks.append(list(values))
                continue
            if n and filled >= max_rows:
                raise _too_many(max_rows)
            filled += 1 if n else 0
            rows += blanks
            blanks = []
            rows.append(list(values))
        return rows
    except DomainError:
        raise
    except Exception as e:  # openpyxl parses the cells lazily, while the rows are read
        raise _unreadable() from e
    finally:
        wb.close()


def _blank(values) -> bool:
    return not any(v not in (None, "") for v in values)


def _too_many(max_rows: int) -> DomainError:
    return DomainError.on("file", _("一次最多导入%(n)d行，请分批上传") % {"n": max_rows})


def _unreadable() -> DomainError:
    return DomainError.on(
        "file",
        _(
            "无法读取文件：工作表中有无法识别的单元格（如格式错误的日期或数字），请在 Excel 中检查后另存为 .xlsx 再上传"
        ),
    )


def _open(data: bytes, max_bytes: int | None):
    """The workbook (read-only), or a refusal on ``file``: too large, or not an .xlsx workbook."""
    from openpyxl import load_workbook

    max_bytes = max_bytes or settings.DEVZONE_IMPORT_MAX_BYTES
    if len(data) > max_bytes:
        raise DomainError.on("file", _("文件超过%(mb)dMB") % {"mb": max_bytes // (1024 * 1024)})
    try:
        return load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise DomainError.on("file", _("无法读取文件：请上传 .xlsx 格式的 Excel 文件"))


def _cell(values: tuple, i: int | None):
    if i is None or i >= len(values):
        return None
    v = values[i]
    return v.strip() if isinstance(v, str) else v


def _header_index(header: list[str], columns: Sequence[Column]) -> dict[str, int]:
    positions = {h: i for i, h in enumerate(header) if h}
    index: dict[str, int] = {}
    missing = []
    for c in columns:
        found = next((positions[n] for n in (str(c.label), *c.aliases) if n in positions), None)
        if found is not None:
            index[c.key] = found
        elif c.required:
            missing.append(str(c.label))
    if missing:
        msg = _("表头缺少：%(cols)s（请使用下载的模板）") % {"cols": "、".join(missing)}
        raise DomainError.on("file", msg)
    return index


def _safe_text(text: str) -> str:
    text = ILLEGAL_CHARACTERS.sub("", text)
    return "'" + text if text.startswith(FORMULA_START) else text


def safe_cell(value):
    """A value as written to a cell: the control characters a workbook cannot hold are left out, and text that
    Excel would run as a formula (``= + - @``) is prefixed with an apostrophe so that it stays text; Decimals are
    written as numbers."""
    if isinstance(value, str):
        return _safe_text(value)
    if isinstance(value, Decimal):
        return float(value)
    if value is not None and not isinstance(value, int | float | dt.date | dt.datetime | bool):
        return _safe_text(str(value))
    return value


def sheet_title(title) -> str:
    """A sheet's title as a workbook takes it: without ``\\ * ? : / [ ]`` or control characters, at most 31
    characters, never empty."""
    return TITLE_ILLEGAL.sub("", str(title))[:31].strip() or "Sheet"


def workbook(sheets: Iterable[tuple[str, Sequence, Iterable[Sequence]]], *, widths=None) -> bytes:
    """An .xlsx of (title, header, rows) sheets: bold frozen header, every cell through ``safe_cell``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=False)
    wb.remove(wb.active)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title=sheet_title(title))
        ws.append([ILLEGAL_CHARACTERS.sub("", str(h)) for h in header])
        for c in ws[1]:
            c.font = Font(bold=True)
        for row in rows:
            ws.append([safe_cell(v) for v in row])
        ws.freeze_panes = "A2"
        for i, w in enumerate(widths or [], start=1):
            if w:
                ws.column_dimensions[get_column_letter(i)].width = w
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def template(columns: Sequence[Column], title: str, example: Sequence | None = None) -> bytes:
    """The empty ledger a user downloads to fill in (with one example row when given)."""
    return workbook(
        [(title, [c.label for c in columns], [example] if example else [])],
        widths=[c.width for c in columns],
    )


def download(content: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    """A file for download; the name may be Chinese (RFC 5987 ``filename*``, with an ASCII fallback)."""
    resp = HttpResponse(content, content_type=content_type)
    # Clients without RFC 5987 get the ASCII part of the name, or "download" when little of it is left.
    stem, dot, ext = filename.rpartition(".") if "." in filename else (filename, "", "")
    ascii_stem = stem.encode("ascii", "ignore").decode().strip(" _-.")
    if not any(c.isalpha() for c in ascii_stem):
        ascii_stem = "download" + (f"_{ascii_stem}" if ascii_stem else "")
    ascii_name = ascii_stem + dot + ext.encode("ascii", "ignore").decode()
    resp["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return resp


def xlsx_response(filename: str, sheets: Iterable[tuple[str, Sequence, Iterable[Sequence]]]) -> HttpResponse:
    """``workbook(sheets)`` sent as ``filename``."""
    return download(workbook(sheets), filename)
