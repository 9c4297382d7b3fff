"""The building blocks of every table: the one scoping entry point (``Model.objects.for_user(user, action)``),
the zone-owned row, the optimistic version, the uploaded file, the detail page, and the reference fields."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

_CHOICE_LABELS: dict[tuple, dict] = {}


def choice_label(field, value):
    """The label of ``value`` among ``field``'s choices in the active language (the value itself when it is not
    one), from a table made once per field and language. Django's ``get_FOO_display`` builds a dict of every
    choice on each call, hashing, and so translating, each lazy label again: a list page of 25 leads with two
    choice columns translated about 450 labels, a fifth of its rendering."""
    if isinstance(field.choices, CallableChoiceIterator):  # choices that may change: read them each time
        return dict(field.flatchoices).get(value, value)
    key = (field, get_language())
    table = _CHOICE_LABELS.get(key)
    if table is None:
        table = _CHOICE_LABELS[key] = {k: str(v) for k, v in field.flatchoices}
    try:
        return table.get(value, value)
    except TypeError:  # an unhashable value (a list) is no choice
        return value


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view") -> ScopedQuerySet:
        """Rows of this model that ``user`` may act on with ``action``; fails closed (anonymous user,
        unknown action or role -> no rows)."""
        from devzone.core.access import scope_queryset

        return scope_queryset(self, user, action)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def ref(
    to,
    label=None,
    *,
    on_delete=models.PROTECT,
    related_name: str | None = "+",
    optional: bool = False,
    one: bool = False,
    **extra,
) -> models.ForeignKey:
    """A reference to another row: protected and without a reverse accessor unless told otherwise;
    ``optional`` lets it be empty (``null`` and ``blank``), ``one`` makes it one-to-one."""
    kwargs = {"on_delete": on_delete, "related_name": related_name, **extra}
    if label is not None:
        kwargs["verbose_name"] = label
    if optional:
        kwargs.update(null=True, blank=True)
    return (models.OneToOneField if one else models.ForeignKey)(to, **kwargs)


def user_ref(label=None, **kwargs) -> models.ForeignKey:
    """A reference to a user (who submitted, decided, owns …): see ``ref``."""
    return ref(settings.AUTH_USER_MODEL, label, **kwargs)


def actor_ref(label=None) -> models.ForeignKey:
    """Who did or decided something, kept as a trace that outlives the account (``SET_NULL``; an event row
    keeps a label beside it)."""
    return user_ref(label, on_delete=models.SET_NULL, optional=True)


def clock_ref(label=None) -> models.OneToOneField:
    """The row's own working-day clock (``core.Clock``), set once the clock starts."""
    return ref("core.Clock", label, optional=True, one=True)


class ZoneOwned(models.Model):
    """A row that belongs to one zone. ``scope_zone_path`` names the path to the zone's id (``zone`` here);
    ``scope_enterprise_path`` the path to an enterprise when enterprise users may see the row."""

    scope_zone_path = "zone"
    scope_enterprise_path: str | None = None
    # Reference data an enterprise of the zone may read (a catalog, a guide): view only.
    scope_enterprise_sees_zone = False

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):  # every get_FOO_display of a zone's row (Django's hook)
        return choice_label(field, getattr(self, field.attname))


class ZoneRow(ZoneOwned):
    """A zone-owned row with its own ``zone`` column (protected, no reverse accessor on the zone). A model
    whose zone column differs (a zone's one settings row, a cascade, a reverse accessor) declares its own."""

    zone = ref("core.Zone", _("开发区"))

    class Meta:
        abstract = True


class ZoneSettings(ZoneOwned):
    """A zone's settings of one module: one row per zone, removed with the zone."""

    zone = ref("core.Zone", _("开发区"), on_delete=models.CASCADE, one=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.zone)


class Versioned(models.Model):
    """The optimistic version: a change names the version it read, and a stale one is refused
    (``core.locking.locked``) instead of silently overwriting another user's change."""

    version = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class LawRule(models.Model):
    """A rule of law as data with its source (the house rule: limits and conditions the law sets are rows, never
    constants in code): the figures the subclass declares, the legal ``basis`` they come from (shown where the rule
    is applied) and the day they took effect. A change of the law is a new row with its own ``effective_from``, so
    a matter keeps the rule in force on its own day (``in_force``). A subclass whose rule applies to one situation
    or city at a time passes that as ``which``; one rule a day declares ``effective_from`` unique."""

    basis = models.CharField(_("依据"), max_length=300)
    effective_from = models.DateField(_("施行日期"))

    class Meta:
        abstract = True
        ordering = ["-effective_from"]

    @classmethod
    def in_force(cls, day=None, **which):
        """The rule in force on ``day`` (today, Beijing time, by default) among the rows matching ``which``; None
        before any took effect (the matter is then free of it)."""
        from django.utils import timezone

        day = day or timezone.localdate()
        return (
            cls._default_manager.filter(effective_from__lte=day, **which).order_by("-effective_from").first()
        )


class DetailPage:
    """A row with a page of its own: ``detail_view`` names the URL, which takes the row's id."""

    detail_view: str

    def get_absolute_url(self) -> str:
        return reverse(self.detail_view, args=[self.pk])


class Upload(models.Model):
    """An uploaded file (PDF or image) checked for type and size, kept under a name derived from its SHA-256:
    the name it came with, its type, size and digest, who uploaded it and when. The subclass declares ``file``
    with its own storage path and the scope paths through its parent."""

    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = user_ref()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @classmethod
    def of(cls, checked, **fields):
        """A new, unsaved row for ``checked`` (what ``core.files.check_upload`` accepted): its name, type, size
        and digest, its bytes written to the subclass's storage path; ``fields`` are the rest (the parent row,
        the uploader)."""
        from django.core.files.base import ContentFile

        row = cls(
            original_name=checked.name,
            content_type=checked.content_type,
            size=len(checked.data),
            sha256=checked.sha256,
            **fields,
        )
        row.file.save(checked.name, ContentFile(checked.data), save=False)
        return row
