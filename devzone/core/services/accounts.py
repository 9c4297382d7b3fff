"""One's own account (本人账号): changing one's own password, with the current one.

Anyone logged in (a zone's staff of every role, a city officer, an administrator, an enterprise user, a
candidate) changes their own password here; nobody changes another's (a manager voids it and hands a one-time
link instead: ``core.services.people``). A role that needs a second factor reaches the page only past it
(``core.otp.SecondFactorMiddleware``), and a change keeps the authenticator.

The current password is not a free oracle. Someone sitting at another's unlocked computer, or holding a stolen
session cookie, could otherwise try passwords here without ever meeting the login lockout:

- it is checked the way the login page checks it, through ``authenticate``, so django-axes sees the attempt.
  While the account is locked from this address (``AXES_FAILURE_LIMIT`` failures, logins and wrong current
  passwords alike, within ``AXES_COOLOFF_TIME``), it is refused without being checked; a wrong one counts toward
  that lock and leaves the same audit row as a failed login (``core.signals``);
- wrong current passwords are also counted per account over every address (``core.ratelimit``, the same
  number in the same time): a stolen cookie used from many addresses gets no more guesses than one address.

A change ends every other session of the account and revokes its API tokens (whoever learnt the old password
may have opened one); the session it was made in stays (the view rotates its key,
``update_session_auth_hash``)."""

from __future__ import annotations

from dataclasses import dataclass

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.choices import AuditAction
from devzone.core.clientip import address
from devzone.core.errors import DomainError
from devzone.core.models import Profile
from devzone.core.ratelimit import Limit, login_source
from devzone.core.services.people import end_access


class TooManyAttempts(DomainError):
    """Too many wrong current passwords: refused for a while without checking (429, as other rate limits)."""

    status = 429


def lockout_minutes() -> int:
    return max(1, round(settings.AXES_COOLOFF_TIME * 60))


def wrong_current_passwords() -> Limit:
    """Wrong current passwords of one account, over every address: as many, in as long, as the login lockout."""
    return Limit("password-change", settings.AXES_FAILURE_LIMIT, lockout_minutes() * 60)


def _credentials(user) -> dict:
    return {"username": user.get_username()}


def current_password_refused(request, user) -> bool:
    """Whether a current password for ``user`` is refused unchecked: too many wrong ones for the account, or
    the account locked out of the login from this address (django-axes), or this address over the limit of
    failed passwords on any accounts (``core.ratelimit.login_source``, which the authentication backend
    applies to every password)."""
    if wrong_current_passwords().exceeded(str(user.pk)) or source_refused(request):
        return True
    return bool(settings.AXES_ENABLED) and not AxesProxyHandler.is_allowed(request, _credentials(user))


def source_refused(request) -> bool:
    return login_source().exceeded(address(request))


def refusal_message(request=None) -> str:
    if request is not None and source_refused(request):
        return _("从您所在网络登录失败的次数过多，请15分钟后再试。")
    return _("当前密码错误次数过多，请%(minutes)d分钟后再试") % {"minutes": lockout_minutes()}


def _current_password_matches(request, user, password: str) -> bool:
    """The login's own check (``authenticate``: django-axes, then the password); a wrong one is counted for the
    account too.

    django-axes stores the form of a failed attempt (``AccessAttempt.post_data``), and this page's form holds the
    password typed and the new one: the check reaches axes without it (the request's POST is empty while it
    runs), besides the fields axes masks (``AXES_SENSITIVE_PARAMETERS``)."""
    form, request.POST = request.POST, QueryDict()
    try:
        found = authenticate(request, **_credentials(user), password=password)
    finally:
        request.POST = form
    if found is not None and found.pk == user.pk:
        return True
    wrong_current_passwords().hit(str(user.pk))
    # The answer is this page's own message, not django-axes' login lockout page (which would send a person who
    # is logged in to the login page).
    request.axes_locked_out = False
    return False


@dataclass(frozen=True)
class PasswordChanged:
    user: object
    sessions: int  # other sessions ended
    tokens: int  # API tokens revoked


def password_change(
    *, actor, request, current_password: str, password1: str, password2: str
) -> PasswordChanged:
    """``actor`` changes their own password. ``request`` is the one it came in (the login lockout reads its
    address; its session is the one that stays). Bad input changes nothing; a wrong current password is
    counted (see the module's notes), outside the transaction so that the count stays."""
    user = get_user_model().objects.filter(pk=actor.pk, is_active=True).first()
    if user is None or not user.has_usable_password():
        raise DomainError(_("您的账号没有本系统的密码（通过统一身份认证或一次性链接登录），无需在这里修改"))
    if current_password_refused(request, user):
        raise TooManyAttempts(refusal_message(request))
    errors: dict[str, list[str]] = {}
    if not current_password:
        errors["current_password"] = [_("请填写当前密码")]
    elif not _current_password_matches(request, user, current_password):
        if current_password_refused(request, user):
            raise TooManyAttempts(refusal_message(request))
        errors["current_password"] = [
            _("当前密码不正确。连续错误%(n)d次将暂停修改密码%(minutes)d分钟。")
            % {"n": settings.AXES_FAILURE_LIMIT, "minutes": lockout_minutes()}
        ]
    if not password1:
        errors["password1"] = [_("请填写新密码")]
    elif password1 != password2:
        errors["password2"] = [_("两次输入的密码不一致")]
    elif not errors and password1 == current_password:
        errors["password1"] = [_("新密码不能与当前密码相同")]
    else:
        try:
            password_validation.validate_password(password1, user)
        except ValidationError as e:
            errors["password1"] = list(e.messages)
    if errors:
        raise DomainError.of(errors)
    return _store(user, password1, keep=request.session.session_key)


@transaction.atomic
def _store(user, password: str, *, keep: str | None) -> PasswordChanged:
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    user.set_password(password)
    user.save(update_fields=["password"])
    sessions, tokens = end_access(user, keep=keep)
    profile = Profile.objects.filter(user=user).only("zone_id").first()
    audit.record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=user,
        zone_id=profile.zone_id if profile else None,
        note=_("本人修改密码（结束其他会话%(n)d个，撤销API令牌%(t)d个）") % {"n": sessions, "t": tokens},
    )
    return PasswordChanged(user, sessions, tokens)
