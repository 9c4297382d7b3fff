"""Forms of the single window and the review desk."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devzone.approvals import statistics
from devzone.approvals.choices import SpecialKind
from devzone.approvals.models import SPECIAL_DAYS_CEILING
from devzone.core.choices import Role
from devzone.core.files import too_large
from devzone.core.forms import StyledForm, date_input
from devzone.core.models import Project


class ProjectChoice(forms.ModelChoiceField):
    """A project with its code's state, so the window sees before any upload whether it may accept."""

    def label_from_instance(self, obj):
        if obj.has_verified_code:
            return _("%(p)s（项目代码 %(c)s）") % {"p": obj.name, "c": obj.project_code}
        return _("%(p)s（无有效项目代码，不能受理）") % {"p": obj.name}


class MarksInvalid:
    """A form whose fields in error say so on their widgets (Bootstrap's ``is-invalid``, ``aria-invalid``), so
    the page marks the field the error under it speaks of."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = (attrs.get("class", "") + " is-invalid").strip()
                attrs["aria-invalid"] = "true"


class ChooseForm(MarksInvalid, StyledForm):
    """Step 1 of an intake: the project and the items (一窗受理). The window's clerk cannot go on with a project
    that has no verified code (受理 would refuse it after the uploads); an enterprise is told, and may still
    submit."""

    project = ProjectChoice(label=_("项目"), queryset=Project.objects.none())
    items = forms.MultipleChoiceField(label=_("审批事项"), widget=forms.CheckboxSelectMultiple, choices=[])

    def __init__(self, *args, projects, items, needs_code: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_code = needs_code
        self.fields["project"].queryset = projects
        self.fields["items"].choices = [(str(i.pk), i) for i in items]
        self.fields["items"].widget.attrs["class"] = "form-check-input"

    def clean_project(self):
        project = self.cleaned_data["project"]
        if self.needs_code and not project.has_verified_code:
            raise forms.ValidationError(
                _(
                    "项目“%(p)s”尚无有效的投资项目代码，窗口不能受理：请先在项目信息中登记项目代码，再选择事项、上传材料"
                ),
                params={"p": project.name},
            )
        return project


class IntakeForm(StyledForm):
    """Step 2: the shared fields, filled once for all items (一张表单)."""

    applicant_name = forms.CharField(label=_("经办人"), max_length=30)
    applicant_phone = forms.CharField(label=_("联系电话"), max_length=20)
    construction_site = forms.CharField(label=_("建设地点"), max_length=200, required=False)
    construction_scale = forms.CharField(
        label=_("建设规模及内容"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VersionedForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AcceptForm(VersionedForm):
    reviewer = forms.ModelChoiceField(label=_("审批人员"), queryset=get_user_model().objects.none())

    def __init__(self, *args, zone_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = (
            get_user_model()
            .objects.filter(profile__role=Role.REVIEWER, profile__zone_id=zone_id, is_active=True)
            .select_related("profile")
        )  # each option shows the reviewer's name
        self.fields["reviewer"].label_from_instance = lambda u: u.profile.display_name or u.username


class AssignForm(AcceptForm):
    """分派 / 改派: a zone leader chooses the file's reviewer among the zone's active reviewers."""

    def __init__(self, *args, zone_id, **kwargs):
        super().__init__(*args, zone_id=zone_id, **kwargs)
        self.fields["reviewer"].label = _("分派给")


class ReasonForm(MarksInvalid, VersionedForm):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))


class SupplementForm(VersionedForm):
    missing = forms.CharField(
        label=_("需补正的全部材料及要求（一次性告知）"), widget=forms.Textarea(attrs={"rows": 3})
    )
    approval_reason = forms.CharField(
        label=_("再次补正的批准理由（本环节已告知过一次时，由开发区领导填写）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SpecialForm(VersionedForm):
    kind = forms.ChoiceField(label=_("特别程序"), choices=SpecialKind.choices)
    notice = forms.CharField(label=_("书面告知内容"), widget=forms.Textarea(attrs={"rows": 3}))
    limit_days = forms.IntegerField(
        label=_("时限（工作日）"),
        min_value=1,
        max_value=SPECIAL_DAYS_CEILING,
        initial=20,
        help_text=_(
            "所需时间不计入法定期限（行政许可法第四十五条）；委托评估不超过30个工作日（核准条例第十一条）"
        ),
    )

    def __init__(self, *args, item=None, **kwargs):
        """With the file's ``item``: its own bound from the catalog (``special_max_days``, with its basis) is
        the field's maximum and is said under it; the service checks it again (and the law's shorter ones)."""
        super().__init__(*args, **kwargs)
        if item is not None:
            field = self.fields["limit_days"]
            field.max_value = item.special_max_days
            field.validators = [v for v in field.validators if not isinstance(v, MaxValueValidator)]
            field.validators.append(MaxValueValidator(item.special_max_days))
            field.widget.attrs["max"] = item.special_max_days
            field.help_text = _(
                "所需时间不计入法定期限（行政许可法第四十五条）；本事项至多%(n)d个工作日（%(b)s）；"
                "委托评估不超过30个工作日（核准条例第十一条）"
            ) % {"n": item.special_max_days, "b": item.special_basis}


class ExtendForm(VersionedForm):
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 3}))
    days = forms.IntegerField(
        label=_("延长工作日"),
        min_value=1,
        max_value=60,
        required=False,
        help_text=_("留空即按事项的延期上限；不得超过该上限（见事项的延期依据）"),
    )


class GrantForm(VersionedForm):
    on_commitment = forms.BooleanField(label=_("按告知承诺制许可"), required=False)
    valid_until = forms.DateField(label=_("有效期至"), required=False, widget=date_input())
    reason = forms.CharField(label=_("审查意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(StyledForm):
    note = forms.CharField(label=_("说明"), required=False)


class WithdrawForm(VersionedForm):
    """撤回, at the version the applicant saw (a file changed since is refused, not withdrawn unseen). The window
    withdraws only on the applicant's request, which the note then records (the service requires it)."""

    note = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


def posted_files(files, prefix: str) -> list[tuple[int | None, str, object]]:
    """Files posted as ``<prefix><material id>`` or ``<prefix>other``: (material id, uploaded file)."""
    out = []
    for key, items in files.lists():
        if key.startswith(prefix):
            tail = key[len(prefix) :]
            # ASCII digits only: ``"²".isdigit()`` is true, and ``int("²")`` raises (a crafted field name, a 500)
            out.extend((int(tail) if tail.isascii() and tail.isdigit() else None, f) for f in items)
    return out


def read_uploads(form, files, prefix: str) -> list[tuple[int | None, str, bytes]]:
    """The posted files as (material id, name, content); a file over the limit is a form error (never read)."""
    out = []
    for material_id, f in posted_files(files, prefix):
        if problem := too_large(f.size):
            form.add_error(None, f"{f.name} {problem}")
            continue
        out.append((material_id, f.name, f.read()))
    return out


class UploadForm(NoteForm):
    """A note and the files posted as ``f_<material id>`` (补正, 容缺): ``cleaned_data["uploads"]``."""

    def clean(self):
        data = super().clean()
        data["uploads"] = read_uploads(self, self.files, "f_") if self.files else []
        return data


class PostCheckForm(StyledForm):
    conforms = forms.TypedChoiceField(
        label=_("核查结果"), choices=[("1", _("符合承诺")), ("0", _("违反承诺"))], coerce=lambda v: v == "1"
    )
    finding = forms.CharField(label=_("核查情况"), widget=forms.Textarea(attrs={"rows": 3}))


# --- query strings --------------------------------------------------------------------------------------
ISO_DATE = ["%Y-%m-%d"]


# a date outside 2000–2100 names no period the platform holds (and 9999-12-31 has no next day to count to)
PERIOD_DAYS = [MinValueValidator(dt.date(2000, 1, 1)), MaxValueValidator(dt.date(2100, 12, 31))]


class PeriodForm(forms.Form):
    """``?start=&end=`` of the statistics page and its export (ISO dates): a date that is missing or unreadable
    is left to its default (``statistics.period``), never an error."""

    start = forms.DateField(required=False, input_formats=ISO_DATE, validators=PERIOD_DAYS)
    end = forms.DateField(required=False, input_formats=ISO_DATE, validators=PERIOD_DAYS)

    def period(self) -> tuple[dt.date, dt.date]:
        self.is_valid()  # a field that does not read is left out of cleaned_data: its default applies
        return statistics.period(self.cleaned_data.get("start"), self.cleaned_data.get("end"))


class YearForm(forms.Form):
    """``?year=`` of the bulk licence records: this year when absent; anything but a year from 2000 to 2100 is
    refused (the view answers 400)."""

    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)

    def clean_year(self) -> int:
        return self.cleaned_data["year"] or timezone.localdate().year
