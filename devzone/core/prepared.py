"""Statements compiled once: SQL that the ORM builds the first time, after which only its parameters change.

The ORM builds and compiles a queryset on every call. For a short read by key, that is most of its cost:
- the user with its profile, zone, city and staff row, read on every logged-in request: 1.3 ms of CPU through
  the queryset, 0.16 ms once compiled (PostgreSQL, this project's machine);
- a candidate's profile and the opening applied to, on each application of a deadline surge.

``Prepared`` keeps each compiled statement per database alias. It builds the model instances with the ORM's own
row converters and related-row populators (``select_related``), so a caller gets what the queryset would have
returned. It stays inside the ORM's documented behaviour with one exception: it reuses the compiler's
``select`` / ``klass_info`` and ``get_related_populators``, which ``ModelIterable`` itself uses. The libraries
that did this before (django-prepared-queries, django-prepared-query) stopped at Django 2.

``insert(obj)`` does the same for a new row: what ``obj.save()`` does to insert it (the fields' ``pre_save``,
their database values, the new id set on the object), with the ``INSERT`` compiled once per model and database.

On PostgreSQL these statements bind their parameters on the server: psycopg prepares a statement that a
connection has run five times, and PostgreSQL plans it once instead of at every call (the user's five-table
join: 0.30 ms of the server's CPU a call, 0.08 ms prepared). ``DEVZONE_DB_PREPARED_STATEMENTS = False`` turns this
off, for a connection pooler that keeps no prepared statements (PgBouncer before 1.21, or without
``max_prepared_statements``).

Only for reads whose shape never changes: no filter added per call, model rows only (no ``values()``, no
``prefetch_related``, no related manager), and parameters that are ints or strings compared as they are (an
``exact`` lookup). ``Prepared`` checks this when it compiles and refuses a statement it cannot keep::

    USER = Prepared(lambda pk: User.objects.select_related("profile").filter(pk=pk), int)
    user = USER.first(42)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections, router, transaction
from django.db.models import Model, QuerySet, signals
from django.db.models.query import ModelIterable, get_related_populators
from django.db.models.sql import InsertQuery

# Stand-ins the statement is compiled with, each found once among the compiled parameters and replaced per call.
# An int stand-in stays inside a 32-bit integer column's range (Django refuses a lookup outside it).
_INT_BASE = 2_147_480_000
_STR_MARK = "\x1fdevzone-prepared-{}\x1f"


def _cursor(connection):
    """A cursor for a compiled statement: Django's own (its health check, error wrapping and query log), on
    PostgreSQL with server-side binding so that psycopg prepares a statement the connection keeps running."""
    if connection.vendor != "postgresql" or not getattr(settings, "DEVZONE_DB_PREPARED_STATEMENTS", True):
        return connection.cursor()
    import psycopg

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = psycopg.Cursor(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


def _stand_in(kind: type, i: int):
    if kind is int:
        return _INT_BASE + i + 1
    if kind is str:
        return _STR_MARK.format(i)
    raise ImproperlyConfigured(f"Prepared: a parameter is an int or a str, not {kind!r}")


@dataclass(frozen=True)
class _Plan:
    sql: str
    params: tuple
    slots: tuple[int, ...]  # where each call's values go among ``params``
    compiler: object
    converters: dict
    model: type[Model]
    start: int
    end: int
    init_list: list[str]
    populators: list


class Prepared:
    """A read by parameters, compiled once per database alias. ``build`` receives one value per type in
    ``types`` and returns the queryset; it runs once (with stand-ins), never per call."""

    def __init__(self, build: Callable[..., QuerySet], *types: type):
        self.build = build
        self.types = types
        self._plans: dict[str, _Plan] = {}
        self._model: type[Model] | None = None

    def _stand_ins(self) -> list:
        return [_stand_in(kind, i) for i, kind in enumerate(self.types)]

    def _alias(self, using: str | None) -> str:
        """The database a read of this model goes to (the routers decide, as for the queryset)."""
        if using:
            return using
        if self._model is None:
            self._model = self.build(*self._stand_ins()).model
        return router.db_for_read(self._model)

    def _plan(self, alias: str) -> _Plan:
        stand_ins = self._stand_ins()
        qs = self.build(*stand_ins).using(alias)
        if (
            qs._iterable_class is not ModelIterable
            or qs._prefetch_related_lookups
            or qs._known_related_objects
        ):
            raise ImproperlyConfigured("Prepared: model rows only (no values(), prefetch or related manager)")
        compiler = qs.query.get_compiler(using=qs.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            raise ImproperlyConfigured("Prepared: the statement is empty for its stand-in values") from None
        params = tuple(params)
        slots = []
        for value in stand_ins:
            if params.count(value) != 1:
                raise ImproperlyConfigured("Prepared: each parameter must reach the SQL once, unchanged")
            slots.append(params.index(value))
        select, info = compiler.select, compiler.klass_info
        fields = info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        plan = _Plan(
            sql=sql,
            params=params,
            slots=tuple(slots),
            compiler=compiler,
            converters=compiler.get_converters([s[0] for s in select[: compiler.col_count]]),
            model=info["model"],
            start=start,
            end=end,
            init_list=[f[0].target.attname for f in select[start:end]],
            populators=get_related_populators(info, select, qs.db),
        )
        self._plans[qs.db] = plan
        return plan

    def rows(self, *values, using: str | None = None) -> list[Model]:
        if len(values) != len(self.types):
            raise TypeError(f"Prepared: {len(self.types)} values expected, {len(values)} given")
        using = self._alias(using)
        plan = self._plans.get(using) or self._plan(using)
        params = list(plan.params)
        for slot, kind, value in zip(plan.slots, self.types, values, strict=True):
            params[slot] = kind(value)
        with _cursor(connections[using]) as cursor:
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        if plan.converters:
            rows = plan.compiler.apply_converters(rows, plan.converters)
        found = []
        for row in rows:
            obj = plan.model.from_db(using, plan.init_list, row[plan.start : plan.end])
            for populator in plan.populators:
                populator.populate(row, obj)
            found.append(obj)
        return found

    def first(self, *values, using: str | None = None) -> Model | None:
        """The one row, or None (the statement should select by a unique key)."""
        found = self.rows(*values, using=using)
        return found[0] if found else None


# --- inserts ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _InsertPlan:
    sql: str
    fields: tuple  # the columns, in the statement's order
    returning: list  # the fields the database gives back (the new id)
    returning_params: tuple
    compiler: object
    converters: dict


_INSERTS: dict[tuple[type[Model], str], _InsertPlan | None] = {}


@functools.cache
def _inserted_fields(model: type[Model]) -> tuple:
    """The columns ``save()`` writes for a new row whose id the database gives (once per model)."""
    meta = model._meta
    return tuple(f for f in meta.local_concrete_fields if f is not meta.auto_field and not f.generated)


def _insert_plan(model: type[Model], obj: Model, alias: str) -> _InsertPlan | None:
    """The model's ``INSERT`` compiled with ``obj``'s values (plain values, no expression), or None where a
    compiled statement would not do what ``save()`` does (a parent table, an ordered relation, a backend that
    does not return the new id)."""
    meta = model._meta
    connection = connections[alias]
    if meta.parents or meta.order_with_respect_to or not connection.features.can_return_columns_from_insert:
        return None
    fields = _inserted_fields(model)
    query = InsertQuery(model)
    query.insert_values(list(fields), [obj])
    compiler = query.get_compiler(using=alias)
    compiler.returning_fields = meta.db_returning_fields
    (sql, params), *more = compiler.as_sql()
    if more or len(params) != len(fields) + len(compiler.returning_params):
        return None
    columns = [f.get_col(meta.db_table) for f in meta.db_returning_fields]
    return _InsertPlan(
        sql=sql,
        fields=fields,
        returning=meta.db_returning_fields,
        returning_params=tuple(compiler.returning_params),
        compiler=compiler,
        converters=compiler.get_converters(columns),
    )


def insert(obj: Model, *, using: str | None = None) -> Model:
    """Insert ``obj``, a new row, as ``obj.save()`` would; the ``INSERT`` is compiled once per model and database.
    ``save()`` itself runs instead where the compiled statement could differ: a proxy or a child model, a model
    with ``pre_save``/``post_save`` receivers, a row given its own id, a value that is an SQL expression."""
    model = type(obj)
    if (
        obj.pk is not None
        or not obj._state.adding
        or model._meta.proxy
        or signals.pre_save.has_listeners(model)
        or signals.post_save.has_listeners(model)
    ):
        obj.save(using=using)
        return obj
    alias = using or router.db_for_write(model, instance=obj)
    obj._prepare_related_fields_for_save(operation_name="save")  # as save() does: no unsaved related row
    fields = _inserted_fields(model)
    values = [f.pre_save(obj, True) for f in fields]
    if any(hasattr(v, "resolve_expression") for v in values):
        obj.save(using=alias)
        return obj
    key = (model, alias)
    if key not in _INSERTS:
        _INSERTS[key] = _insert_plan(model, obj, alias)
        values = [
            f.pre_save(obj, True) for f in fields
        ]  # compiling ran pre_save again: store what obj now holds
    plan = _INSERTS[key]
    if plan is None:
        obj.save(using=alias)
        return obj
    connection = connections[alias]
    params = [f.get_db_prep_save(v, connection=connection) for f, v in zip(plan.fields, values, strict=True)]
    with transaction.mark_for_rollback_on_error(using=alias), _cursor(connection) as cursor:
        cursor.execute(plan.sql, (*params, *plan.returning_params))
        rows = [connection.ops.fetch_returned_insert_columns(cursor, plan.returning_params)]
    if plan.converters:
        rows = list(plan.compiler.apply_converters(rows, plan.converters))
    for value, field in zip(rows[0], plan.returning, strict=True):
        setattr(obj, field.attname, value)
    obj._state.db = alias
    obj._state.adding = False
    return obj
