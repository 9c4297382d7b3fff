"""法定规则: the rule tables (``core.models.base.LawRule``: limits and conditions the law sets, as rows with their
basis and the day they took effect) kept by the system administrator in the app. A change of the law is a new
row with its own ``施行日期``, so every matter keeps the rule in force on its own day; a row not yet in force may
be withdrawn (entered by mistake), a row in force or past never changes (it decided matters). Every write is
audited.

The tables are every ``LawRule`` model of the installed modules (``rule_tables``) but those scoped to a city or
a zone, which their module's own page sets (刚性淘汰比例 is the city's personnel office's)."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, NotFoundError, require_role
from devzone.core.models.base import LawRule


def rule_tables() -> list[type[LawRule]]:
    """The installation's rule tables, by module and name (``app_label.model_name`` is each one's key)."""
    return sorted(
        (
            m
            for m in apps.get_models()
            if issubclass(m, LawRule)
            and getattr(m, "scope_zone_path", None) is None
            and getattr(m, "scope_city_path", None) is None
        ),
        key=lambda m: (m._meta.app_label, str(m._meta.verbose_name)),
    )


def rule_rows(model: type[LawRule]) -> list[LawRule]:
    """A rule table's rows in its own order (the newest first): the installation's, read by every member of staff
    (no zone or city owns them: ``rule_tables`` lists no scoped table)."""
    return list(model._default_manager.all())


def rule_table(key: str) -> type[LawRule]:
    """The rule table named ``app_label.model_name``; 404 for any other name."""
    for m in rule_tables():
        if m._meta.label_lower == key:
            return m
    raise NotFoundError(_("没有这个规则表"))


@transaction.atomic
def rule_add(*, actor, model: type[LawRule], values: dict) -> LawRule:
    """A new row of the rule table (a change of the law from its ``effective_from``), validated by the model
    (its figures' ranges, one rule a day)."""
    require_role(actor, Role.SYSADMIN, doing=_("修改法定规则"))
    row = model(**values)
    audit.saved(actor, row, None, note=_("新增规则，%(day)s起施行") % {"day": row.effective_from})
    return row


@transaction.atomic
def rule_withdraw(*, actor, model: type[LawRule], pk: int) -> None:
    """Withdraw a row not yet in force (entered by mistake); a row in force or past stays: it decided matters."""
    require_role(actor, Role.SYSADMIN, doing=_("修改法定规则"))
    row = model._default_manager.select_for_update().filter(pk=pk).first()
    if row is None:
        raise NotFoundError(_("规则不存在"))
    if row.effective_from <= timezone.localdate():
        raise DomainError(_("已施行的规则不能撤回：它已用于办理事项。法律修改时请新增一行并填写施行日期。"))
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=row,
        changes=audit.snapshot(row),
        note=_("撤回未施行的规则"),
    )
    row.delete()
