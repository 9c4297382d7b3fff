"""Reads compiled once (``core.prepared``): the rows are what the queryset gives, with their related rows, in one
statement per call; a statement the kit cannot keep is refused when it is compiled; the session store and the
authentication backend built on it keep Django's behaviour (an expired session is no session, an inactive user
is no user)."""

import datetime as dt
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from devzone.core.backends import USER_WITH_PROFILE, AccountBackend
from devzone.core.models import Zone
from devzone.core.prepared import Prepared
from devzone.core.sessions import stored_key

pytestmark = pytest.mark.django_db
User = get_user_model()


def _same_row(a, b):
    fields = [f.attname for f in type(a)._meta.concrete_fields]
    return [getattr(a, n) for n in fields] == [getattr(b, n) for n in fields]


def test_the_rows_are_the_querysets_with_their_related_rows_in_one_statement(zone_a_leader, zone_b_leader):
    for user in (zone_a_leader, zone_b_leader, zone_a_leader):
        expected = User.objects.select_related("profile__zone__city", "profile__staff").get(pk=user.pk)
        with CaptureQueriesContext(connection) as ctx:
            got = USER_WITH_PROFILE.first(user.pk)
            # the related rows came with it: reading them asks nothing more
            assert got.profile.zone.city.name == expected.profile.zone.city.name
            assert got.profile.staff == expected.profile.staff
        assert len(ctx.captured_queries) == 1
        assert _same_row(got, expected) and _same_row(got.profile, expected.profile)
        assert _same_row(got.profile.zone, expected.profile.zone)
        assert got._state.db == "default" and not got._state.adding


def test_no_row_is_none_and_a_string_parameter_works(zone_a, zone_b):
    by_name = Prepared(lambda name: Zone.objects.filter(name=name), str)
    assert by_name.first(zone_b.name) == zone_b
    assert by_name.first(zone_a.name) == zone_a
    assert by_name.first("没有这个开发区") is None
    assert USER_WITH_PROFILE.first(987_654) is None


def test_values_are_converted_to_the_parameters_type_and_counted(zone_a):
    by_pk = Prepared(lambda pk: Zone.objects.filter(pk=pk), int)
    assert by_pk.first(str(zone_a.pk)) == zone_a  # "12" from a session or a URL
    with pytest.raises(ValueError):
        by_pk.first("12; drop table core_zone")
    with pytest.raises(TypeError):
        by_pk.first(zone_a.pk, 2)


def test_several_parameters_keep_their_order(zone_a, zone_b):
    both = Prepared(lambda pk, name: Zone.objects.filter(pk=pk, name=name), int, str)
    assert both.first(zone_a.pk, zone_a.name) == zone_a
    assert both.first(zone_a.pk, zone_b.name) is None


@pytest.mark.parametrize(
    "build, types",
    [
        (lambda pk: Zone.objects.filter(pk=pk).values("name"), (int,)),  # not model rows
        (lambda pk: Zone.objects.filter(pk=pk).prefetch_related("departments"), (int,)),
        (
            lambda name: Zone.objects.filter(name__contains=name),
            (str,),
        ),  # the value changes on its way ("%…%")
        (lambda pk: Zone.objects.filter(pk=pk) | Zone.objects.filter(city_id=pk), (int,)),  # used twice
        (lambda when: Zone.objects.filter(created_at=when), (dt.datetime,)),  # not an int or a str
    ],
)
def test_a_statement_it_cannot_keep_is_refused(zone_a, build, types):
    with pytest.raises(ImproperlyConfigured):
        Prepared(build, *types).first(*[kind(1) if kind in (int, str) else timezone.now() for kind in types])


def _session(**data):
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store.update(data)
    store.create()
    return store.session_key


def test_the_session_store_reads_a_live_session_and_not_an_expired_one():
    assert settings.SESSION_ENGINE == "devzone.core.sessions"
    Store = import_module(settings.SESSION_ENGINE).SessionStore
    live = _session(colour="蓝")
    assert Store(live)["colour"] == "蓝"
    expired = _session(colour="红")
    Session.objects.filter(session_key=stored_key(expired)).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    store = Store(expired)
    assert "colour" not in store
    assert store.session_key is None  # an expired key is not reused: a new one is made on save
    assert dict(Store("x" * 32).items()) == {}  # a key that was never issued


def test_the_backend_gives_an_active_user_with_its_profile_and_nothing_else(zone_a_leader):
    backend = AccountBackend()
    assert backend.get_user(zone_a_leader.pk).profile.zone_id == zone_a_leader.profile.zone_id
    assert backend.get_user("not-a-number") is None
    User.objects.filter(pk=zone_a_leader.pk).update(is_active=False)
    assert backend.get_user(zone_a_leader.pk) is None


def test_a_second_factor_session_reads_its_device_once_and_only_the_users_own_counts(
    client_for, zone_a_leader, zone_b_leader
):
    """The session's authenticator is read by the compiled statement (core.otp.DeviceMiddleware); django-otp's
    checks still apply: another user's device, an unconfirmed one or a missing one leaves the session unverified."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    c = client_for(zone_a_leader)  # verified with the leader's own device
    assert c.get("/").status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert c.get("/").status_code == 200
    assert len([q for q in ctx.captured_queries if '"otp_totp_totpdevice"' in q["sql"]]) == 1

    others = TOTPDevice.objects.create(user=zone_b_leader, name="乙的", confirmed=True)
    unconfirmed = TOTPDevice.objects.create(user=zone_a_leader, name="未确认", confirmed=False)
    for persistent_id in (others.persistent_id, unconfirmed.persistent_id, "otp_totp.totpdevice/999999"):
        session = c.session
        session[DEVICE_ID_SESSION_KEY] = persistent_id
        session.save()
        r = c.get("/")
        assert r.status_code == 302 and "/otp/" in r["Location"], persistent_id


# --- inserts ---------------------------------------------------------------------------------------------------


def _audit(**kw):
    from devzone.core.models import AuditEvent

    values = {"actor_label": "测试", "action": "create", "object_id": "7", "changes": {"名称": ["甲", "乙"]}}
    return AuditEvent(**{**values, **kw})


def _stored(obj):
    fresh = type(obj).objects.get(pk=obj.pk)
    return {
        f.attname: getattr(fresh, f.attname)
        for f in type(obj)._meta.concrete_fields
        if f.attname not in ("id", "at")
    }


def test_an_insert_stores_what_save_stores_and_gives_the_row_its_id(zone_a, zone_a_leader):
    from devzone.core.prepared import insert

    for _ in range(2):  # compiled on the first, reused on the second
        by_save, by_insert = (
            _audit(zone=zone_a, actor=zone_a_leader),
            _audit(zone=zone_a, actor=zone_a_leader),
        )
        by_save.save()
        with CaptureQueriesContext(connection) as ctx:
            assert insert(by_insert) is by_insert
        assert len(ctx.captured_queries) == 1
        assert by_insert.pk and by_insert.pk != by_save.pk
        assert not by_insert._state.adding and by_insert._state.db == "default"
        assert by_insert.at is not None  # auto_now_add, as save() sets it
        assert (
            type(by_insert).objects.get(pk=by_insert.pk).at == by_insert.at
        )  # the object holds what was stored
        assert _stored(by_insert) == _stored(by_save)
        assert _stored(by_insert)["changes"] == {"名称": ["甲", "乙"]}


def test_an_insert_refuses_what_save_refuses_and_changes_nothing(zone_a):
    from django.db import IntegrityError, transaction

    from devzone.core.models import AuditEvent, Zone
    from devzone.core.prepared import insert

    before = AuditEvent.objects.count()
    with pytest.raises(ValueError):  # a related row that was never saved, as save() says
        insert(_audit(zone=Zone(name="未保存")))
    with pytest.raises(IntegrityError), transaction.atomic():
        insert(_audit(action=None))  # a column that cannot be empty: the database refuses it
    assert AuditEvent.objects.count() == before


def test_where_the_compiled_statement_could_differ_save_runs_instead(zone_a):
    from django.db.models import Value
    from django.db.models.signals import pre_save

    from devzone.core.prepared import insert

    expression = insert(_audit(note=Value("由数据库计算")))
    assert _stored(expression)["note"] == "由数据库计算"

    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.object_id)

    from devzone.core.models import AuditEvent

    pre_save.connect(receiver, sender=AuditEvent)
    try:
        insert(_audit(object_id="信号"))
    finally:
        pre_save.disconnect(receiver, sender=AuditEvent)
    assert seen == ["信号"]  # a receiver still hears of the row

    existing = insert(_audit())
    existing.note = "改过"
    insert(existing)  # not a new row: save() updates it
    assert _stored(existing)["note"] == "改过"
