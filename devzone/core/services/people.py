"""People and their accounts (人员与账号): creating an account for a member of staff or an enterprise's user,
giving and taking roles, one-time password links, resetting the second factor, deactivating leavers.

Each write changes the account (``User``), its role and reach (``Profile``) and the staff record (``Staff``)
together, in one transaction, with its audit rows. Who may act on whom:

- a zone leader acts on the accounts of their own zone only, and grants only the zone's roles and the zone's
  enterprises' users — never a role of their own rank or above (主任/副主任, 市级管理人员, 系统管理员);
- a system administrator acts on every account of their city and grants every role below their own (zone
  leaders and city officers included) — never 系统管理员 (the server's ``devzone createadmin``) nor the system
  actor's;
- one acts on an account only when one **outranks** it (``manageable_roles``): a leader on the zone's staff and
  enterprise users, an administrator on zone leaders and city officers — never on an equal (a leader resetting a
  fellow leader's password, or an administrator another administrator's, would take over that account) nor on
  a higher rank; an administrator's account is mended through the break-glass path (docs/security.md: the
  Django admin, ``devzone createadmin``);
- nobody acts on their own account here (no one raises or deactivates themselves; one changes one's own
  password on the 修改密码 page, ``core.services.accounts``), nor on the system actor.

Passwords: an account never gets a password chosen by someone else. It is created with an unusable password
and a **one-time link** (``password_set``) with which its owner sets their own; a reset does the same. The
link is Django's password-reset token: it names the account and a hash of its current password and last login,
so it stops working as soon as it is used, as soon as a newer link is issued (a new unusable password), and
after ``PASSWORD_RESET_TIMEOUT``. Safer than a temporary password: nobody, not even the leader who handed it
over, ever knows a password that logs in as the person, and the link cannot be replayed or reused elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from devzone.core import audit
from devzone.core.access import can, reach_of
from devzone.core.choices import ZONE_STAFF, AuditAction, Role
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError, require_text
from devzone.core.models import ApiToken, Enterprise, IdentityLink, Profile, Staff, Zone
from devzone.core.models.accounts import CITY_ROLES
from devzone.core.sessions import stored_key

USERNAME_MAX = 30


def grantable_roles(actor) -> list[str]:
    """The roles ``actor`` may give — on a new account or a role change — in the order forms list them: only
    roles ranked strictly below their own (``rank_of``). A zone leader the zone's other roles and its
    enterprises' users, never another 主任/副主任; an administrator the zone roles (a zone's leaders included:
    a 主任/副主任 is appointed by the city's administrator), the enterprises' users and the city officers, never
    another 系统管理员 (made on the server, ``devzone createadmin``); anyone else none. Whoever created or
    promoted an account of their own rank would hold its one-time link, and nobody of that rank could then act
    on it."""
    role = reach_of(actor).role
    if role == Role.ZONE_LEADER:
        offered = [*ZONE_STAFF, Role.ENTERPRISE_USER]
    elif role == Role.SYSADMIN:
        offered = [*ZONE_STAFF, Role.ENTERPRISE_USER, Role.CITY_OFFICER]
    else:
        return []
    own = rank_of(role)
    return [r for r in offered if rank_of(r) < own]


# Ranks of the roles, for who may act on whose account: only on a strictly lower rank.
_RANKS = {Role.SYSTEM: 4, Role.SYSADMIN: 3, Role.CITY_OFFICER: 2, Role.ZONE_LEADER: 2}


def rank_of(role: str) -> int:
    """A role's rank: the system actor, then the system administrator, then the city officers and the zone
    leaders, then everyone else (a zone's staff, enterprise users, candidates)."""
    return _RANKS.get(role, 1)


def manageable_roles(actor) -> list[str]:
    """The roles of the accounts ``actor`` may act on (role, password, second factor, deactivate, reactivate):
    those they may grant, all ranked strictly below their own."""
    return grantable_roles(actor)


def _require_manager(actor, doing: str) -> None:
    if not grantable_roles(actor) or not can(actor, "change", Profile):
        raise PermissionDeniedError(_("无权%(doing)s") % {"doing": doing})


def _locked_profile(actor, profile: Profile | int) -> Profile:
    """The account's profile in the actor's reach, locked; 404 outside it, 403 for oneself and for a role not
    below the actor's (``manageable_roles``)."""
    pk = profile.pk if isinstance(profile, Profile) else profile
    row = (
        Profile.objects.for_user(actor, "change")
        .select_for_update(of=("self",))  # PostgreSQL locks no row of the nullable joined tables
        .select_related("user", "staff", "zone", "enterprise")
        .filter(pk=pk)
        .first()
    )
    if row is None or row.role == Role.SYSTEM:
        raise NotFoundError(_("没有这个人员，或不在您的管理范围内"))
    if row.user_id == actor.pk:
        raise PermissionDeniedError(
            _("不能在这里办理自己的账号；修改自己的密码请用右上角账号菜单中的“修改密码”")
        )
    if row.role not in manageable_roles(actor):
        raise PermissionDeniedError(_("该人员的级别与您相同或更高，您不能办理其账号，请由上级管理人员办理"))
    return row


def end_access(user, *, keep: str | None = None) -> tuple[int, int]:
    """End what lets the person in under their old rights or credentials: their sessions (but the one whose key
    is ``keep``: the person's own, when they change their own password) and their API tokens (a token made under
    a lesser role, or by whoever took the account, would outlive the change otherwise). Returns how many of
    each."""
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return end_sessions(user, keep=keep), tokens


def _managed(
    actor, profile: Profile | int, doing: str, reason: str, reason_missing: str
) -> tuple[Profile, str]:
    """The account a manager acts on (checked and locked, as ``_locked_profile``) and the reason they gave."""
    _require_manager(actor, doing)
    row = _locked_profile(actor, profile)
    return row, require_text(reason, "reason", reason_missing, max_length=200)


def _place(actor, *, role: str, zone: Zone | int | None, credit_code: str, staff_no: str) -> dict:
    """Where an account of ``role`` sits (city, zone, enterprise, staff record), checked against the actor's
    reach. The enterprise is named by its credit code and the staff record by its 工号 (never a drop-down of
    every row), each looked up in the actor's scope, so a form or an API call cannot reach another zone's row."""
    if role not in grantable_roles(actor):
        raise DomainError.on("role", _("您不能授予该角色"))
    r = reach_of(actor)
    if role in CITY_ROLES:
        return {"city_id": r.city_id, "zone": None, "enterprise": None, "staff": None}
    if role == Role.ENTERPRISE_USER:
        code = (credit_code or "").strip().upper()
        if not code:
            raise DomainError.on("credit_code", _("企业用户须填写企业的统一社会信用代码"))
        found = Enterprise.objects.for_user(actor, "view").filter(credit_code=code).first()
        if found is None:
            raise DomainError.on("credit_code", _("您管理的开发区中没有该统一社会信用代码的企业"))
        return {"city_id": None, "zone": found.zone, "enterprise": found, "staff": None}
    zone_id = r.zone_id if r.kind == "zone" else (zone.pk if isinstance(zone, Zone) else zone)
    found_zone = (
        Zone.objects.for_user(actor).filter(pk=zone_id, merged_into__isnull=True).first() if zone_id else None
    )
    if found_zone is None:
        raise DomainError.on("zone", _("请选择您管理范围内的开发区"))
    staff = None
    staff_no = (staff_no or "").strip()
    if staff_no:
        staff = Staff.objects.for_user(actor, "view").filter(zone=found_zone, employee_no=staff_no).first()
        if staff is None:
            raise DomainError.on("staff_no", _("该开发区没有这个工号的工作人员"))
    return {"city_id": None, "zone": found_zone, "enterprise": None, "staff": staff}


@dataclass(frozen=True)
class PasswordLink:
    """A one-time link to set a password: its path on this site and when it stops working."""

    path: str
    expires_at: object  # an aware datetime


def _password_link(user) -> PasswordLink:
    """A new unusable password (which voids every earlier link and every password), then a link for it."""
    user.set_unusable_password()
    user.save(update_fields=["password"])
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    expires = timezone.now() + timezone.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    return PasswordLink(reverse("password_set", args=[uid, token]), expires)


def end_sessions(user, *, keep: str | None = None) -> int:
    """Delete every session of ``user`` but the one whose key is ``keep`` (database sessions, the engine in
    use); returns how many. Their next request is anonymous. The API's tokens are revoked separately."""
    ended = 0
    sessions = Session.objects.filter(expire_date__gt=timezone.now())
    if keep:  # the cookie's key; the table holds its keyed hash (core.sessions)
        sessions = sessions.exclude(session_key=stored_key(keep))
    for session in sessions.iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


def _record(actor, profile: Profile, note: str, changes: dict | None = None, action=AuditAction.UPDATE):
    audit.record(actor=actor, action=action, obj=profile, changes=changes or {}, note=note)


@transaction.atomic
def person_create(
    *,
    actor,
    username: str,
    display_name: str,
    role: str,
    zone: Zone | int | None = None,
    credit_code: str = "",
    staff_no: str = "",
) -> tuple[Profile, PasswordLink]:
    """An account with its role and reach, linked to its staff record (or enterprise); no password until the
    person sets one with the returned one-time link."""
    _require_manager(actor, _("新建账号"))
    username = require_text(username, "username", _("请填写用户名"), max_length=USERNAME_MAX)
    if not username.replace("_", "").replace(".", "").replace("-", "").isalnum() or not username.isascii():
        raise DomainError.on("username", _("用户名只能包含字母、数字和 . _ -"))
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError.on("username", _("该用户名已被使用"))
    place = _place(actor, role=role, zone=zone, credit_code=credit_code, staff_no=staff_no)
    if place["staff"] is not None and Profile.objects.filter(staff=place["staff"]).exists():
        raise DomainError.on("staff_no", _("该工作人员已有账号"))
    display_name = (display_name or "").strip()[:30] or (place["staff"].name if place["staff"] else "")
    if not display_name:
        raise DomainError.on("display_name", _("请填写姓名"))
    user = User(username=username, is_active=True)
    user.set_unusable_password()
    user.save()
    profile = Profile(user=user, role=role, display_name=display_name, **place)
    try:
        profile.full_clean()
    except ValidationError as e:
        raise DomainError.from_validation(e) from e
    profile.save()
    if place["staff"] is not None and not place["staff"].is_active:
        before = audit.snapshot(place["staff"])
        place["staff"].is_active = True
        place["staff"].save(update_fields=["is_active", "updated_at"])
        audit.updated(actor, place["staff"], before, note=_("开通账号，恢复在岗"))
    _record(
        actor,
        profile,
        _("新建账号%(username)s") % {"username": username},
        audit.diff({}, audit.snapshot(profile)),
        AuditAction.CREATE,
    )
    return profile, _password_link(user)


@transaction.atomic
def person_set_role(
    *,
    actor,
    profile: Profile | int,
    role: str,
    reason: str,
    zone: Zone | int | None = None,
    credit_code: str = "",
    staff_no: str = "",
) -> Profile:
    """Give the person another role (their one role: taking a role is giving a lesser one, or deactivating).
    Left empty, the zone, enterprise and staff record stay those the account has — the staff record only while
    the account stays in its zone: 工号 are unique per zone only, so an account moved to another zone is linked
    to the staff record whose 工号 is given (in the new zone), or to none; never to whoever holds its old 工号
    there."""
    row, reason = _managed(actor, profile, _("调整角色"), reason, _("请填写调整原因"))
    credit_code = credit_code or (row.enterprise.credit_code if row.enterprise_id else "")
    zone = zone or row.zone_id
    r = reach_of(actor)
    target_zone_id = r.zone_id if r.kind == "zone" else (zone.pk if isinstance(zone, Zone) else zone)
    staff_no = (staff_no or "").strip()
    if not staff_no and row.staff_id and str(target_zone_id) == str(row.zone_id):
        staff_no = row.staff.employee_no
    place = _place(actor, role=role, zone=zone, credit_code=credit_code, staff_no=staff_no)
    if (
        place["staff"] is not None
        and Profile.objects.filter(staff=place["staff"]).exclude(pk=row.pk).exists()
    ):
        raise DomainError.on("staff_no", _("该工作人员已有账号"))
    before = audit.snapshot(row)
    row.role = role
    for key, value in place.items():
        setattr(row, key, value)
    try:
        row.full_clean(exclude=["user"])
    except ValidationError as e:
        raise DomainError.from_validation(e) from e
    if before == audit.snapshot(row):
        raise DomainError.on("role", _("角色没有变化"))
    row.save()
    _record(
        actor, row, _("调整角色：%(reason)s") % {"reason": reason}, audit.diff(before, audit.snapshot(row))
    )
    # A new role is a new set of rights: sessions opened and tokens made under the old one end.
    end_access(row.user)
    return row


@transaction.atomic
def person_reset_password(*, actor, profile: Profile | int, reason: str) -> PasswordLink:
    """Void the person's password (and every earlier link), end their sessions and give a new one-time link."""
    row, reason = _managed(actor, profile, _("重置密码"), reason, _("请填写重置原因"))
    if not row.user.is_active:
        raise DomainError(_("该账号已停用，请先恢复"))
    link = _password_link(row.user)
    ended, tokens = end_access(row.user)
    _record(
        actor,
        row,
        _("重置密码（发放一次性设置链接，结束会话%(n)d个，撤销API令牌%(t)d个）：%(reason)s")
        % {"n": ended, "t": tokens, "reason": reason},
    )
    return link


@transaction.atomic
def person_reset_otp(*, actor, profile: Profile | int, reason: str) -> Profile:
    """Remove the person's authenticator and recovery codes; they enroll again at their next login."""
    row, reason = _managed(actor, profile, _("重置双因素认证"), reason, _("请填写重置原因"))
    removed = TOTPDevice.objects.filter(user=row.user).delete()[0]
    removed += StaticDevice.objects.filter(user=row.user).delete()[0]
    if not removed:
        raise DomainError(_("该人员尚未绑定身份验证器"))
    end_access(row.user)
    _record(actor, row, _("重置双因素认证：%(reason)s") % {"reason": reason})
    return row


def _issuer() -> str:
    issuer = settings.DEVZONE_OIDC_ISSUER
    if not issuer:
        raise DomainError(_("本平台未启用统一身份认证（DEVZONE_OIDC_ISSUER）"))
    return issuer


@transaction.atomic
def person_link_identity(*, actor, profile: Profile | int, subject: str, reason: str) -> IdentityLink:
    """单点登录的身份关联: the person's identity on the province's platform (its ``sub``, under the configured
    issuer) opens this account from now on (core.sso finds accounts only through these links). One identity opens
    one account; an account may have several (a new identity after the platform's re-registration)."""
    row, reason = _managed(actor, profile, _("关联统一身份认证"), reason, _("请填写关联依据"))
    issuer = _issuer()
    subject = require_text(subject, "subject", _("请填写身份标识（sub）"), max_length=255)
    if IdentityLink.objects.filter(issuer=issuer, subject=subject).exists():
        # which account holds it is not said: it may be another zone's
        raise DomainError(_("该身份标识已关联其他账号"), {"subject": [_("该身份标识已关联其他账号")]})
    link = IdentityLink.objects.create(issuer=issuer, subject=subject, user=row.user, note=reason)
    _record(
        actor,
        row,
        _("关联统一身份认证：%(subject)s（%(reason)s）") % {"subject": subject, "reason": reason},
    )
    return link


@transaction.atomic
def person_unlink_identity(*, actor, profile: Profile | int, link: IdentityLink | int, reason: str) -> int:
    """Remove one of the person's identity links; the sessions and API tokens of the account end (one of them may
    have been opened or made through that identity). Returns how many sessions ended."""
    row, reason = _managed(actor, profile, _("解除统一身份认证关联"), reason, _("请填写解除原因"))
    pk = link.pk if isinstance(link, IdentityLink) else link
    found = IdentityLink.objects.select_for_update().filter(pk=pk, user=row.user).first()
    if found is None:
        raise NotFoundError(_("该人员没有这项身份关联"))
    subject = found.subject
    found.delete()
    # A session opened through that identity, and any API token made in one, end with it (as on every other
    # change of credentials): which of them came through it is not recorded, so all of the account's end.
    ended, tokens = end_access(row.user)
    _record(
        actor,
        row,
        _("解除统一身份认证关联：%(subject)s（结束会话%(n)d个，撤销API令牌%(t)d个；%(reason)s）")
        % {"subject": subject, "n": ended, "t": tokens, "reason": reason},
    )
    return ended


@dataclass(frozen=True)
class Deactivated:
    profile: Profile
    sessions: int
    tokens: int


@transaction.atomic
def person_deactivate(*, actor, profile: Profile | int, reason: str) -> Deactivated:
    """A leaver: the account is disabled, their sessions end, their API tokens are revoked and their staff
    record is marked 不在岗, in one transaction. Their open work stays where it is, listed on their page
    (``core.selectors.open_work_of``) for reassignment."""
    row, reason = _managed(actor, profile, _("停用账号"), reason, _("请填写停用原因"))
    user = row.user
    if not user.is_active:
        raise DomainError(_("该账号已停用"))
    user.is_active = False
    user.save(update_fields=["is_active"])
    sessions, tokens = end_access(user)
    if row.staff is not None and row.staff.is_active:
        before = audit.snapshot(row.staff)
        row.staff.is_active = False
        row.staff.save(update_fields=["is_active", "updated_at"])
        audit.updated(actor, row.staff, before, note=_("账号停用，离岗：%(reason)s") % {"reason": reason})
    audit.record(  # on the account row, which is what changed; the person's page shows its events too
        actor=actor,
        action=AuditAction.UPDATE,
        obj=user,
        zone_id=row.zone_id,
        changes={"is_active": [True, False]},
        note=_("停用账号（结束会话%(s)d个，撤销API令牌%(t)d个）：%(reason)s")
        % {"s": sessions, "t": tokens, "reason": reason},
    )
    return Deactivated(row, sessions, tokens)


@transaction.atomic
def person_reactivate(*, actor, profile: Profile | int, reason: str) -> tuple[Profile, PasswordLink]:
    """Enable a deactivated account again (and its staff record); the person sets a new password with the
    returned one-time link (the old one no longer works)."""
    row, reason = _managed(actor, profile, _("恢复账号"), reason, _("请填写恢复原因"))
    user = row.user
    if user.is_active:
        raise DomainError(_("该账号未停用"))
    user.is_active = True
    user.save(update_fields=["is_active"])
    if row.staff is not None and not row.staff.is_active:
        before = audit.snapshot(row.staff)
        row.staff.is_active = True
        row.staff.save(update_fields=["is_active", "updated_at"])
        audit.updated(actor, row.staff, before, note=_("账号恢复，在岗"))
    link = _password_link(user)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=user,
        zone_id=row.zone_id,
        changes={"is_active": [False, True]},
        note=_("恢复账号：%(reason)s") % {"reason": reason},
    )
    return row, link


def user_of_link(uidb64: str, token: str):
    """The active account a one-time link names, or None (unknown, used, replaced, expired or disabled)."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


@transaction.atomic
def password_set_with_link(*, uidb64: str, token: str, password1: str, password2: str):
    """The person sets their own password with a one-time link, which then stops working (the token hashes
    the password). The account's rules for passwords apply (length, character classes, not common)."""
    user = user_of_link(uidb64, token)
    if user is None:
        raise DomainError(_("链接无效或已过期，请联系管理人员重新发放"))
    if not password1:
        raise DomainError.on("password1", _("请填写新密码"))
    if password1 != password2:
        raise DomainError.on("password2", _("两次输入的密码不一致"))
    try:
        password_validation.validate_password(password1, user)
    except ValidationError as e:
        raise DomainError.of({"password1": list(e.messages)}) from e
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    user.set_password(password1)
    user.save(update_fields=["password"])
    profile = Profile.objects.filter(user=user).first()
    audit.record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=user,
        zone_id=profile.zone_id if profile else None,
        note=_("本人通过一次性链接设置密码"),
    )
    return user
