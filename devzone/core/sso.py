"""单点登录 through the province's unified identity platform (OpenID Connect; mozilla-django-oidc is the client).

Off unless ``DEVZONE_OIDC_ISSUER`` is set (docs/integration.md). Who may come in is decided here, never by the
token alone:

- **Staff** are found through an ``IdentityLink`` an administrator made (the provider's issuer and the person's
  ``sub``): their role, zone and rights come from their own DevZone profile. An identity with no link is refused
  and nothing is created.
- **Legal persons** (企业法人) carry their enterprise's unified social credit code in a claim
  (``DEVZONE_OIDC_CREDIT_CODE_CLAIM``). The code is validated and must name an enterprise DevZone already serves
  (never created here). The enterprise's first identity gets an enterprise account, linked once; a second identity
  of the same enterprise is refused until the enterprise's administrator gives it an account and a link — it gets
  only the rights that administrator grants.

The local password login stays for the embedded default and for break-glass administrators, with their second
factor (core.otp): a staff member of a second-factor role who comes through the provider still enters their code.
Logging out ends the provider's session too (RP-initiated logout with the ID token as hint)."""

from __future__ import annotations

import hashlib
import logging
from urllib.parse import urlencode

import jwt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from devzone.core.codes import CodeError, validate_credit_code

logger = logging.getLogger("devzone.sso")

#: the dotted path stored in the session of a person who came through the provider
SSO_BACKEND = "devzone.core.sso.ProvinceBackend"


def enabled() -> bool:
    return bool(settings.DEVZONE_OIDC_ISSUER)


def _text(value) -> str:
    """An optional claim as text: the provider may send JSON null (a legal person without a mailbox), a number
    or a list where a string is expected: a string as it is, a number as its digits, anything else ''."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _digest(subject: str) -> str:
    """What names an enterprise account made for one identity of the provider (``sso-<code>-<digest>``)."""
    return hashlib.sha256(f"{settings.DEVZONE_OIDC_ISSUER}|{subject}".encode()).hexdigest()[:10]


def log_tag(subject: str) -> str:
    """What the log says for the provider's ``sub``: a keyed digest (HMAC under ``SECRET_KEY``), never the
    ``sub`` itself, which a province provider may set to the person's identity number. The same person gives the
    same tag, so the log still correlates refusals; an operator who knows a ``sub`` (the provider's support, a
    person's complaint) finds its lines with ``log_tag(sub)`` in ``devzone shell``. Unlike an unkeyed hash, it
    cannot be reversed by hashing every possible identity number without the key."""
    if not subject:
        return "-"
    value = f"{settings.DEVZONE_OIDC_ISSUER}|{subject}"
    return salted_hmac("devzone.sso.log_tag", value, algorithm="sha256").hexdigest()[:16]


class ProvinceBackend(OIDCAuthenticationBackend):
    """The provider's identity → a DevZone account, by the rules above."""

    def authenticate(self, request, **kwargs):
        """A token that fails its checks (signature, issuer, audience, expiry, nonce) sends the person back to the
        login page with the reason, never to an error page."""
        try:
            return super().authenticate(request, **kwargs)
        except SuspiciousOperation as exc:
            self.request = request
            return self._refuse(_("统一身份认证的登录凭据无效或已过期，请重新登录。"), {}, detail=str(exc))

    def _verify_jws(self, payload, key):
        """The ID token's signature, and what the library leaves unchecked: it was issued by our provider, for
        this client (``aud``), and is not expired (``exp``, with a minute's leeway for the clocks)."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("the token's algorithm is not the configured one")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.DEVZONE_OIDC_ISSUER,
                leeway=60,
                options={"require": ["exp", "iat", "sub", "aud", "iss"]},
            )
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"ID token refused: {exc}") from exc

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        from devzone.core.models import IdentityLink

        links = IdentityLink.objects.filter(
            issuer=settings.DEVZONE_OIDC_ISSUER, subject=claims.get("sub", ""), user__is_active=True
        )
        users = self.UserModel.objects.filter(identity_links__in=links)
        if users.exists():
            links.update(last_login_at=timezone.now())
        return users

    def create_user(self, claims):
        """No active account is linked to this identity: a legal person's first login makes its enterprise
        account; anyone else is refused with the reason, and nothing is created. An identity whose account was
        deactivated (its link, or the account made for it, is still there) is told so: it gets no second
        account."""
        from devzone.core.models import IdentityLink

        subject = _text(claims.get("sub"))
        made = self.UserModel.objects.filter(
            username__startswith="sso-", username__endswith=f"-{_digest(subject)}"
        )
        linked = IdentityLink.objects.filter(issuer=settings.DEVZONE_OIDC_ISSUER, subject=subject)
        if linked.exists() or made.filter(is_active=False).exists():
            return self._refuse(_("您在本平台的账号已停用。如需恢复，请联系所在开发区管委会。"), claims)
        code = _text(claims.get(settings.DEVZONE_OIDC_CREDIT_CODE_CLAIM)).strip()
        if not code or made.exists():
            return self._refuse(
                _("您的统一身份认证账号尚未关联本平台的账号，请联系本开发区的系统管理员开通。"), claims
            )
        try:
            code = validate_credit_code(code)
        except CodeError as exc:
            return self._refuse(_("统一身份认证提供的统一社会信用代码无效：%(e)s") % {"e": exc}, claims)
        from devzone.core.choices import Role
        from devzone.core.models import Enterprise, IdentityLink, Profile

        enterprise = Enterprise.objects.filter(credit_code=code).select_related("zone").first()
        if enterprise is None:
            return self._refuse(
                _("统一社会信用代码%(c)s的企业尚未在本平台登记，请联系所在开发区的企业服务窗口。")
                % {"c": code},
                claims,
            )
        if Profile.objects.filter(enterprise=enterprise, user__is_active=True).exists():
            return self._refuse(
                _("企业“%(n)s”已有平台账号。请由该企业的平台管理员为您开通账号并关联统一身份认证。")
                % {"n": enterprise.name},
                claims,
            )
        with transaction.atomic():
            # no password: this account logs in only through the provider; the name is unique per identity (an
            # earlier, deactivated account of the same enterprise keeps its own)
            user = self.UserModel.objects.create_user(
                username=f"sso-{code}-{_digest(subject)}", email=_text(claims.get("email")).strip()[:254]
            )
            Profile.objects.create(
                user=user,
                role=Role.ENTERPRISE_USER,
                enterprise=enterprise,
                zone=enterprise.zone,
                display_name=(_text(claims.get("name")).strip() or enterprise.name)[:30],
            )
            IdentityLink.objects.create(
                issuer=settings.DEVZONE_OIDC_ISSUER,
                subject=subject,
                user=user,
                note=_("企业法人首次登录"),
                last_login_at=timezone.now(),
            )
            from devzone.core import audit
            from devzone.core.choices import AuditAction

            audit.record(
                actor=user,
                action=AuditAction.CREATE,
                obj=user.profile,
                note=_("统一身份认证：企业“%(n)s”的首个账号") % {"n": enterprise.name},
                zone_id=enterprise.zone_id,
            )
        return user

    def update_user(self, user, claims):
        return user  # the profile is DevZone's own: nothing in the token changes it

    def get_user(self, user_id):
        from devzone.core.backends import AccountBackend

        return AccountBackend().get_user(user_id)

    def _refuse(self, reason: str, claims, detail: str = ""):
        logger.warning("sso refused: sub#%s: %s %s", log_tag(claims.get("sub") or ""), reason, detail)
        if getattr(self, "request", None) is not None:
            messages.error(self.request, reason)
        return None


def logout_url(request) -> str:
    """The provider's end-session endpoint with the ID token as hint, coming back to the login page."""
    query = {"post_logout_redirect_uri": request.build_absolute_uri(reverse("login"))}
    id_token = request.session.get("oidc_id_token")
    if id_token:
        query["id_token_hint"] = id_token
    query["client_id"] = settings.OIDC_RP_CLIENT_ID
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{urlencode(query)}"


class LoginView(auth_views.LoginView):
    """The login page: the local password form, and the provider's button when single sign-on is on."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "sso_enabled": enabled()}


class LogoutView(auth_views.LogoutView):
    """The site's logout: a person who came through the provider is logged out there as well (its end-session
    endpoint, then back to the login page); everyone else as Django does."""

    def post(self, request, *args, **kwargs):
        if enabled() and request.session.get(BACKEND_SESSION_KEY) == SSO_BACKEND:
            return OIDCLogoutView.as_view()(request)
        return super().post(request, *args, **kwargs)


def _only_when_enabled(view):
    def gated(request, *args, **kwargs):
        if not enabled():
            raise Http404
        return view(request, *args, **kwargs)

    return gated


urlpatterns = [
    path(
        "authenticate/",
        _only_when_enabled(OIDCAuthenticationRequestView.as_view()),
        name="oidc_authentication_init",
    ),
    path(
        "callback/",
        _only_when_enabled(OIDCAuthenticationCallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
    path("logout/", _only_when_enabled(OIDCLogoutView.as_view()), name="oidc_logout"),
]
