"""The filters of 职能目录与权责清单, shared by the pages and the API lists of the same rows: a zone's catalog, and
the powers of one list version (a 权责清单 runs to hundreds of powers; the public page has the same search)."""

from __future__ import annotations

import django_filters as df
from django.utils.translation import gettext_lazy as _

from devzone.core.filters import RowFilter, StrictFilterSet
from devzone.core.models import Zone
from devzone.powers.choices import Disposition, PowerKind
from devzone.powers.models import Function, Power, PowerList


class FunctionFilter(StrictFilterSet):
    search_fields = ("name", "receiver", "decision_no")
    disposition = df.ChoiceFilter(label=_("处置"), choices=Disposition.choices)
    zone = RowFilter(label=_("开发区"), queryset=Zone.objects.all())

    class Meta:
        model = Function
        fields: list[str] = []


class PowerFilter(StrictFilterSet):
    """By class, and a search over the power, its legal basis and its department's name — the name a published
    version was published with as well as today's (no drop-down of every department: the public page has no user
    to scope one)."""

    search_fields = ("name", "legal_basis", "department__name", "department_name")
    kind = df.ChoiceFilter(label=_("类别"), choices=PowerKind.choices)

    class Meta:
        model = Power
        fields: list[str] = []


class PowerListFilter(StrictFilterSet):
    """The list versions of a zone in reach (a zone out of reach: 400 on ``zone``, as the catalog's filter); no
    search (a version has no name)."""

    search_fields = ()
    zone = RowFilter(label=_("开发区"), queryset=Zone.objects.all())

    class Meta:
        model = PowerList
        fields: list[str] = []
