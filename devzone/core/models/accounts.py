import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devzone.core.choices import Role
from devzone.core.models.base import ScopedManager, ref

CITY_ROLES = {Role.CITY_OFFICER, Role.SYSADMIN}


class Profile(models.Model):
    """A user's role and reach: one zone, a city's zones, or one enterprise."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("账号")
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    display_name = models.CharField(_("姓名"), max_length=30, blank=True)
    city = models.ForeignKey(
        "core.City", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("城市")
    )
    zone = models.ForeignKey(
        "core.Zone", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("开发区")
    )
    enterprise = models.ForeignKey(
        "core.Enterprise", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("企业")
    )
    staff = ref(
        "core.Staff",
        _("工作人员"),
        on_delete=models.SET_NULL,
        related_name="profile",
        optional=True,
        one=True,
    )
    # 每日汇总: reminders of the kinds that allow it (core.notify.kind_label(..., digest=True)) are held and
    # told in one message a day (core.tasks.daily_digest) instead of one notice each.
    daily_digest = models.BooleanField(
        _("每日汇总提醒"),
        default=False,
        help_text=_("到期提醒类消息每天汇总为一条发送；补正、办理结果等重要消息仍即时送达"),
    )
    # The language the user chose with the switcher while logged in (settings.LANGUAGES), empty until they do:
    # restored as the language cookie at each login (core.middleware) and the language of what jobs write to
    # them (the daily digest, core.notify); Chinese when empty.
    language = models.CharField(_("界面语言"), max_length=10, choices=settings.LANGUAGES, blank=True)

    # Scoped like a zone's rows (core.access): a zone leader reaches the accounts of their zone (staff and the
    # zone's enterprises' users), an administrator the city's (city roles by ``city``).
    objects = ScopedManager()
    scope_zone_path = "zone"

    class Meta:
        verbose_name = _("用户角色")
        verbose_name_plural = _("用户角色")

    def __str__(self) -> str:
        return f"{self.display_name or self.user.get_username()}（{self.get_role_display()}）"

    @property
    def reach(self) -> str:
        if self.role in CITY_ROLES:
            return "city"
        if self.role == Role.ENTERPRISE_USER:
            return "enterprise"
        if self.role == Role.CANDIDATE:
            return "self"
        if self.role == Role.SYSTEM:
            return "system"
        return "zone"

    def clean(self) -> None:
        if self.role not in Role.values:
            raise ValidationError({"role": _("未知角色")})
        reach = self.reach
        if reach in ("city", "self") and not self.city_id:
            raise ValidationError({"city": _("市级角色须指定城市")})
        if reach == "zone" and not self.zone_id:
            raise ValidationError({"zone": _("开发区角色须指定开发区")})
        if reach == "enterprise":
            if not self.enterprise_id:
                raise ValidationError({"enterprise": _("企业用户须指定企业")})
            self.zone_id = self.enterprise.zone_id
        if self.staff_id and self.zone_id and self.staff.zone_id != self.zone_id:
            raise ValidationError({"staff": _("工作人员不属于该开发区")})


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the raw token is shown once."""

    PREFIX = "dz_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=60)
    key_prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("到期时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    read_only = models.BooleanField(_("只读"), default=False)

    class Meta:
        verbose_name = _("API令牌")
        verbose_name_plural = _("API令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.key_prefix}…）"

    @classmethod
    def generate(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class IdentityLink(models.Model):
    """单点登录的身份关联: an identity of the province's identity provider (its issuer and the person's ``sub``)
    linked to a DevZone account. Kept by an administrator (or made once for an enterprise's first legal-person
    login, core.sso); a login through the provider finds its account only here — a claim in the token never grants
    a role or a zone, which come from the account's own profile."""

    issuer = models.CharField(_("身份提供方"), max_length=200)
    subject = models.CharField(_("身份标识（sub）"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="identity_links",
        verbose_name=_("账号"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("建立时间"), default=timezone.now)
    last_login_at = models.DateTimeField(_("最近登录"), null=True, blank=True)

    class Meta:
        verbose_name = _("统一身份认证关联")
        verbose_name_plural = _("统一身份认证关联")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="core_identity_link_unique")
        ]

    def __str__(self):
        return f"{self.subject} → {self.user}"
