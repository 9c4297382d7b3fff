"""The row shape most of the office's records share: a zone's record about one of its staff members."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from devzone.core.models.base import ZoneRow, ref


class StaffRow(ZoneRow):
    """A zone's record about one of its staff members (a review, a target, a case, a hire, special pay)."""

    staff = ref("core.Staff", _("工作人员"))

    class Meta:
        abstract = True
