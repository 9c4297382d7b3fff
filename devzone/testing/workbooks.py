"""Excel workbooks as an upload brings them, for the tests of every ledger import (core.ledger)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook


def xlsx_sheets(sheets: dict[str, list]) -> bytes:
    """A workbook with one sheet per entry, in order: ``{title: rows}``, the first row of each its header."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx(rows) -> bytes:
    """A workbook of one sheet holding ``rows`` (the first is the header)."""
    return xlsx_sheets({"Sheet": list(rows)})
