"""The catalog of delegated approval items (审批事项目录): Excel import and export, the template, and the
writes behind the item pages.

Import is all or nothing: every row of both sheets is checked first (``catalog_excel`` reads the cells, the
rules across rows and against the zone's catalog are in ``checks``) and any error gives a row-by-row report and
imports nothing. A code already in the zone updates that item; the 事项 row describes the whole item (its
prerequisites and steps are replaced by the row's). The materials of an item are replaced by its rows of the
材料 sheet only when the sheet lists it (an item absent from the sheet keeps its materials), and a material is
updated in place (matched by name, then by number), so the applications that refer to it keep their
reference (``writes``). Export writes the same layout, so export → import changes nothing (``exports``). The
item page saves one item under the same rules (``items``)."""

from devzone.approvals.catalog.checks import item_rule_errors
from devzone.approvals.catalog.exports import catalog_export, catalog_rows, catalog_template
from devzone.approvals.catalog.items import item_save
from devzone.approvals.catalog.writes import catalog_import, catalog_load, source_department_create
from devzone.approvals.catalog_excel import (
    ITEM_COLUMNS,
    MATERIAL_COLUMNS,
    Catalog,
    ItemRow,
    MaterialRow,
    read_catalog,
    split_steps,
)

__all__ = [
    "ITEM_COLUMNS",
    "MATERIAL_COLUMNS",
    "Catalog",
    "ItemRow",
    "MaterialRow",
    "catalog_export",
    "catalog_import",
    "catalog_load",
    "catalog_rows",
    "catalog_template",
    "item_rule_errors",
    "item_save",
    "read_catalog",
    "source_department_create",
    "split_steps",
]
