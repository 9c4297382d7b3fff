"""职能目录与权责清单: a zone's function catalog (what it keeps, hands to local government, hands to the market) and
its power list, published in versions (the published one is public; older ones stay readable)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from devzone.core.models.base import ScopedManager, ScopedQuerySet, Versioned, ZoneRow, actor_ref, ref
from devzone.powers.choices import Disposition, ListStatus, PowerKind


class Function(ZoneRow):
    """One function of the zone's catalog (职能目录) and the reform's decision on it."""

    name = models.CharField(_("职能"), max_length=120)
    disposition = models.CharField(_("处置"), max_length=20, choices=Disposition.choices)
    decided_on = models.DateField(_("决定日期"))
    decision_no = models.CharField(_("文号"), max_length=60)
    receiver = models.CharField(_("承接单位"), max_length=80, blank=True)  # the government body or company

    objects = ScopedManager()

    class Meta:
        verbose_name = _("职能")
        verbose_name_plural = _("职能目录")
        ordering = ["zone", "disposition", "name"]
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="powers_function_once")]

    def __str__(self) -> str:
        return self.name


class PowerList(ZoneRow, Versioned):
    """One version of the zone's power list: a draft being edited, the published one, or one superseded."""

    number = models.PositiveSmallIntegerField(_("版本"))
    status = models.CharField(_("状态"), max_length=12, choices=ListStatus.choices, default=ListStatus.DRAFT)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    published_by = actor_ref(_("公布人"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("权责清单")
        verbose_name_plural = _("权责清单")
        ordering = ["zone", "-number"]
        constraints = [models.UniqueConstraint(fields=["zone", "number"], name="powers_list_number")]

    def __str__(self) -> str:
        return f"{self.zone} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("powers:list_detail", args=[self.pk])


class PowerQuerySet(ScopedQuerySet):
    def published(self):
        """The powers of a published list, never of a draft or a superseded version: what an approval item's page
        lists (``item.powers.published``)."""
        return self.filter(power_list__status=ListStatus.PUBLISHED)


class Power(models.Model):
    """One power of a list: its class, legal basis, the department that exercises it and what it answers for; the
    approval items it is exercised through."""

    power_list = ref(PowerList, _("权责清单"), on_delete=models.CASCADE, related_name="powers")
    kind = models.CharField(_("类别"), max_length=16, choices=PowerKind.choices)
    name = models.CharField(_("权力事项"), max_length=120)
    legal_basis = models.TextField(_("设定依据"))
    department = ref("core.Department", _("实施部门"))
    accountability = models.TextField(_("追责情形"))
    items = models.ManyToManyField(
        "approvals.ApprovalItem", related_name="powers", blank=True, verbose_name=_("对应审批事项")
    )
    # What a published version named, kept as it was: 公布 copies the department's name and the approval items'
    # codes and names here, and a published or superseded version shows these copies, so renaming a department or
    # an item afterwards does not rewrite a list already published. A draft has none ("" and None) and shows the
    # live links, which 修改 changes.
    department_name = models.CharField(_("实施部门（公布时）"), max_length=60, blank=True)
    published_items = models.JSONField(_("对应审批事项（公布时）"), null=True, blank=True)

    objects = models.Manager.from_queryset(PowerQuerySet)()
    scope_zone_path = "power_list__zone"

    class Meta:
        verbose_name = _("权力事项")
        verbose_name_plural = _("权力事项")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def department_shown(self) -> str:
        """The department as the list names it: the name it had when published; a draft's, as it is now."""
        return self.department_name or self.department.name

    def items_shown(self) -> list[dict]:
        """The approval items as the list names them (``code``, ``name``): as they were when published; a
        draft's, as they are now (read from the prefetched ``items`` when there is a prefetch)."""
        if self.published_items is not None:
            return self.published_items
        return [{"code": i.code, "name": i.name} for i in self.items.all()]

    def freeze_names(self) -> None:
        """Copy what the power names (its department's name, its items' codes and names) onto the row: 公布."""
        self.department_name = self.department.name
        self.published_items = [
            {"code": i.code, "name": i.name} for i in sorted(self.items.all(), key=lambda i: (i.code, i.pk))
        ]
