"""数据交换: the subscribers an administrator configures and the delivery of the outbox's events to them
(core.DomainEvent), with every attempt logged."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from devzone.core.models.base import ScopedManager


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待投递")
    DELIVERED = "delivered", _("已投递")
    DEAD = "dead", _("投递失败（死信）")
    CANCELLED = "cancelled", _("已取消（不再订阅）")


# Why an attempt got no answer (or a delivery was cancelled), by the code the delivery stores
# (exchange.transport, exchange.addresses); ``%(detail)s`` is the host, the address or the seconds.
REASONS = {
    "timeout": _("接收方未在 %(detail)s 秒内答复"),
    "refused": _("连接被拒绝：接收方的该端口没有服务"),
    "closed": _("接收方未答复即断开了连接"),
    "unreachable": _("无法连接接收方：网络不可达"),
    "dns": _("无法解析接收地址的主机名 %(detail)s"),
    "dns_timeout": _("解析接收地址的主机名 %(detail)s 超时"),
    "tls": _("与接收方的加密连接（TLS）失败"),
    "tls_certificate": _("接收方的证书未通过校验"),
    "protocol": _("接收方的答复不是有效的 HTTP 答复"),
    "scheme": _("接收地址须为 http:// 或 https:// 开头的网址"),
    "bad_url": _("接收地址的格式有误"),
    "secret": _("签名密钥无法读取，请更换签名密钥"),
    "error": _("投递时出错（%(detail)s）"),
    "unsubscribed": _("订阅方已不再订阅此类事件，投递已取消"),
}
# A refused address ("blocked:<kind> <address>"): what kind of internal address it is.
BLOCKED = {
    "loopback": _("本机回环地址"),
    "unspecified": _("未指定地址"),
    "link_local": _("链路本地地址（含云主机元数据服务）"),
    "multicast": _("组播地址"),
    "reserved": _("保留地址"),
    "private": _("内网地址"),
    "not_global": _("非公网地址"),
}


def describe_blocked(detail: str) -> str:
    """A refused address ("<kind> <address>") in the reader's language: 本机回环地址 127.0.0.1."""
    kind, _sep, address = detail.partition(" ")
    return f"{BLOCKED.get(kind, kind)} {address}".strip()


def describe(reason: str) -> str:
    """The stored reason of an attempt in the reader's language; a text stored before the codes (a raw error)
    as it is."""
    code, _sep, detail = (reason or "").partition(":")
    if code == "blocked":
        return _("接收地址解析为%(address)s，不在允许的网段内，未发送") % {
            "address": describe_blocked(detail)
        }
    if code in REASONS:
        return REASONS[code] % {"detail": detail}
    return reason


class Subscriber(models.Model):
    """A system that receives the city's domain events: its URL, the event kinds it wants, and the secret both
    sides sign with (sealed at rest: core.sealbox, a key file outside the database)."""

    city = models.ForeignKey("core.City", on_delete=models.PROTECT, related_name="+", verbose_name=_("城市"))
    name = models.CharField(_("名称"), max_length=80)
    url = models.URLField(_("接收地址"), max_length=300)
    kinds = models.JSONField(_("订阅的事件类型"), default=list)
    secret_box = models.BinaryField()  # the signing secret, sealed (exchange.secrets)
    secret_hint = models.CharField(_("密钥"), max_length=12)  # its last characters, to tell secrets apart
    active = models.BooleanField(_("启用"), default=True)
    # the outbox's events after this one are fanned out to the subscriber (a new subscriber starts from now)
    cursor = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager()
    scope_city_path = "city"

    class Meta:
        verbose_name = _("订阅方")
        verbose_name_plural = _("订阅方")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["city", "name"], name="exchange_subscriber_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("exchange:subscriber_detail", args=[self.pk])

    @property
    def shown_url(self) -> str:
        """The receiver's address as pages show it: a credential stored before the service refused them (a user
        and password, a ``?token=``, a fragment) masked (exchange.addresses.masked)."""
        from devzone.exchange.addresses import masked

        return masked(self.url)

    def wants(self, kind: str) -> bool:
        return any(kind == k or (k.endswith(".*") and kind.startswith(k[:-1])) for k in self.kinds)


class Delivery(models.Model):
    """One event for one subscriber: pending until the receiver answers 2xx, retried with backoff, dead after
    the last attempt (and replayable)."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey("core.DomainEvent", on_delete=models.PROTECT, related_name="+")
    # copied from the event: in order per object, and the log's filters, without a join
    kind = models.CharField(_("事件类型"), max_length=80)
    object_key = models.CharField(max_length=110)  # "<object_type>#<object_id>"
    status = models.CharField(
        _("状态"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("投递时间"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager()
    scope_city_path = "subscriber__city"

    class Meta:
        verbose_name = _("投递")
        verbose_name_plural = _("投递")
        constraints = [models.UniqueConstraint(fields=["subscriber", "event"], name="exchange_delivery_once")]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["subscriber", "object_key", "event"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.subscriber_id}"


class Attempt(models.Model):
    """One POST to the receiver: when, what it answered (or why it failed), how long it took."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField(auto_now_add=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    ms = models.PositiveIntegerField(default=0)

    objects = ScopedManager()
    scope_city_path = "delivery__subscriber__city"

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.status_code or self.error}"

    @property
    def reason(self) -> str:
        """Why no answer came, in the reader's language (``error`` holds its code)."""
        return describe(self.error)
