"""Login audit, and files that follow their rows: logins, logouts and failed logins are recorded (and at login
the account's chosen language is restored, core.middleware.remember_language, and the session's absolute limit
starts, core.middleware.start_session_clock); the stored file of a deleted row (a replaced report, a removed
photo) is deleted once the deletion is committed. No domain steps in signals."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from devzone.core import audit
from devzone.core.choices import AuditAction
from devzone.core.middleware import remember_language, start_session_clock
from devzone.core.ratelimit import UNKNOWN_ACCOUNT, account_exists


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    audit.record(actor=user, action=AuditAction.LOGIN, obj=None, object_repr=user.get_username())
    remember_language(request, user)  # the account's own language back as this browser's cookie
    if request is not None and hasattr(request, "session"):
        start_session_clock(request.session)  # the absolute session limit counts from here


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(actor=user, action=AuditAction.LOGOUT, object_repr=user.get_username())


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # The name typed is kept only when it is an account's: a name that is no account's is often the password
    # typed into the 用户名 box, which the trail (read by administrators, in every backup) must not keep.
    username = str(credentials.get("username", "")).replace("\x00", "")
    shown = username[:80] if account_exists(username) else UNKNOWN_ACCOUNT
    audit.record(actor=None, action=AuditAction.LOGIN_FAILED, object_repr=shown, note="用户名或密码错误")


@receiver(post_delete)
def remove_stored_files(sender, instance, **kwargs):
    """A deleted row's files leave the disk too, but only if the deletion commits (a rollback keeps them)."""
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.FileField):
            stored = getattr(instance, field.attname)
            if stored and stored.name:
                storage, name = stored.storage, stored.name
                transaction.on_commit(lambda s=storage, n=name: s.delete(n))
