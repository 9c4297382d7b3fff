"""Forms of the catalog pages: an item with its step limits, its materials (a formset), the Excel upload and
a new source department."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from devzone.approvals.catalog import MaterialRow
from devzone.approvals.catalog_excel import STEP_COLUMNS
from devzone.approvals.choices import StepName
from devzone.approvals.models import ITEM_DESCRIPTION, ApprovalItem, SourceDepartment
from devzone.core.files import too_large
from devzone.core.forms import RowsChoiceField, ScopedModelForm, StyledForm, style


class CodedChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj}"


class CodedMultipleChoice(RowsChoiceField):
    """Items by id, each labelled with its code; an id beyond 64 bits is an invalid choice (``RowsChoiceField``)."""

    def label_from_instance(self, obj):
        return f"{obj.code} {obj}"


STEP_FIELDS = [(f"step_{step}", step) for _c, step in STEP_COLUMNS]


class ItemForm(ScopedModelForm):
    """An item's own fields and the limits of its four steps (blank: the item has no such step)."""

    class Meta:
        model = ApprovalItem
        fields = [
            "code",
            "name",
            "parent",
            *ITEM_DESCRIPTION,
            "prerequisites",
            "legal_basis",
            "situations",
            "is_active",
        ]
        field_classes = {"parent": CodedChoice, "prerequisites": CodedMultipleChoice}
        widgets = {"prerequisites": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone_id = self.instance.zone_id
        item_pk = self.instance.pk
        items = ApprovalItem.objects.for_user(self.user).filter(zone_id=zone_id).order_by("code")
        # 上级: a 主项 or 子项 (three levels at most), never the item itself.
        self.fields["parent"].queryset = items.filter(parent__parent__isnull=True).exclude(pk=item_pk)
        # 前置: what a window can open (not a 主项 with children), never the item itself.
        self.fields["prerequisites"].queryset = items.filter(children__isnull=True).exclude(pk=item_pk)
        self.fields["prerequisites"].help_text = _("须先办结的事项（按住 Ctrl 多选）")
        self.fields["source_department"].queryset = SourceDepartment.objects.for_user(self.user).filter(
            zone_id=zone_id
        )
        current = {s.name: s.limit_days for s in self.instance.steps.all()} if item_pk else {}
        for name, step in STEP_FIELDS:
            self.fields[name] = forms.IntegerField(
                label=_("%(step)s时限（工作日）") % {"step": StepName(step).label},
                required=False,
                min_value=0,
                max_value=365,
                initial=current.get(step),
            )
        style(self)

    def steps(self) -> dict[str, int]:
        return {
            step: self.cleaned_data[name]
            for name, step in STEP_FIELDS
            if self.cleaned_data.get(name) is not None
        }

    # Fields the page gives a whole row (long lists and texts); the others share a row.
    wide_fields = ("prerequisites", "legal_basis")

    def item_fields(self):
        return [self[n] for n in self._meta.fields if n in self.fields]

    def step_fields(self):
        return [self[name] for name, _step in STEP_FIELDS]


class MaterialForm(StyledForm):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    order = forms.IntegerField(label=_("序号"), min_value=0, max_value=999, required=False)
    name = forms.CharField(label=_("材料名称"), max_length=120, required=False)
    original = forms.TypedChoiceField(
        label=_("原件/复印件"),
        choices=[("0", _("复印件")), ("1", _("原件"))],
        coerce=lambda v: v == "1",
        initial="0",
    )
    copies = forms.IntegerField(label=_("份数"), min_value=1, max_value=99, initial=1)
    required = forms.BooleanField(label=_("必需"), required=False, initial=True)
    tolerable = forms.BooleanField(label=_("可容缺"), required=False)
    supply_days = forms.IntegerField(
        label=_("补交期限（工作日）"), min_value=1, max_value=365, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("tolerable") and not data.get("supply_days"):
            self.add_error("supply_days", _("可容缺材料须规定补交期限"))
        return data

    def row(self, item_code: str) -> MaterialRow:
        d = self.cleaned_data
        return MaterialRow(
            item_code=item_code,
            name=d["name"].strip(),
            order=d.get("order") or 0,
            original=d["original"],
            copies=d.get("copies") or 1,
            required=d["required"],
            tolerable=d["tolerable"],
            supply_days=d.get("supply_days") if d["tolerable"] else None,
        )


class BaseMaterialFormSet(forms.BaseFormSet):
    def rows(self, item_code: str) -> tuple[list[MaterialRow], dict[int, MaterialRow]]:
        """The wanted materials (blank and deleted rows left out) and the stored ids they keep."""
        rows, keep = [], {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or not (data.get("name") or "").strip():
                continue
            row = form.row(item_code)
            rows.append(row)
            if data.get("id"):
                keep[data["id"]] = row
        last = max((r.order for r in rows), default=0)
        for r in rows:  # a blank 序号 follows the last one given
            if not r.order:
                last += 1
                r.order = last
        return rows, keep


MaterialFormSet = forms.formset_factory(MaterialForm, formset=BaseMaterialFormSet, extra=2, can_delete=True)


def material_initial(item: ApprovalItem | None) -> list[dict]:
    if item is None or item.pk is None:
        return []
    return [
        {
            "id": m.pk,
            "order": m.order,
            "name": m.name,
            "original": "1" if m.original else "0",
            "copies": m.copies,
            "required": m.required,
            "tolerable": m.tolerable,
            "supply_days": m.supply_days,
        }
        for m in item.materials.all()
    ]


class CatalogImportForm(StyledForm):
    file = forms.FileField(label=_("事项目录文件（.xlsx）"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的 Excel 文件"))
        if problem := too_large(f.size, settings.DEVZONE_IMPORT_MAX_BYTES):
            raise forms.ValidationError(_("文件%(p)s") % {"p": problem})
        return f


class SourceDepartmentForm(StyledForm):
    name = forms.CharField(label=_("原职能部门名称"), max_length=60)
