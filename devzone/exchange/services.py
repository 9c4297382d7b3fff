"""Writes of 数据交换: subscribers (created with a secret shown once, changed, their secret rotated) and the replay
of a delivery. The system administrator of the city configures them (exchange.access)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.choices import AuditAction
from devzone.core.errors import ConflictError, DomainError, PermissionDeniedError, require, require_text
from devzone.core.locking import locked
from devzone.core.models import City
from devzone.exchange import addresses, secrets_box, signing
from devzone.exchange.catalog import KINDS
from devzone.exchange.models import Delivery, DeliveryStatus, Subscriber, describe_blocked


def _clean_url(url) -> str:
    """An address the delivery can POST to: http(s), a host, a port that is a number from 1 to 65535, no blank or
    control character. Left to the delivery, a bad port or host is an exception at every attempt (http.client's
    InvalidURL), and an unclosed "[" a ValueError here."""
    url = (url or "").strip()
    malformed = DomainError.on(
        "url", _("接收地址的格式有误：请检查主机名与端口（端口须为 1–65535 的数字，地址中不能有空格）")
    )
    if any(c.isspace() or not c.isprintable() for c in url):
        raise malformed
    try:
        parts = urlsplit(url)
        port, host = parts.port, parts.hostname  # port: a ValueError when not a number or out of range
        if host:
            host.encode("idna")  # a UnicodeError (a ValueError) for an empty or overlong label
    except ValueError:
        raise malformed from None
    require(parts.scheme in ("http", "https"), _("接收地址须为 http:// 或 https:// 开头的网址"), "url")
    if not host or port == 0:
        raise malformed
    _refuse_credentials(url, parts)
    _refuse_internal(host.encode("idna").decode("ascii"), port or (443 if parts.scheme == "https" else 80))
    return url


def _refuse_credentials(url: str, parts) -> None:
    """Refuse a receiver address that carries a credential: user and password before the host
    (``https://user:pass@host/``), a fragment (``#…``, never sent, often a token pasted with the address) or a
    query parameter named like a secret (``?token=…``). Stored, it would be shown in full on the exchange pages
    and written into the audit log; the receiver authenticates DevZone by the signature of each request
    (docs/integration.md), so the address itself needs no secret."""
    netloc = parts.netloc
    require(
        "@" not in netloc and parts.username is None,
        _("接收地址中不能包含用户名或密码（“用户:密码@”）：接收方请以请求的签名核验 DevZone 的身份"),
        "url",
    )
    require(
        "#" not in url,
        _("接收地址中不能包含“#”及其后的片段：请删去“#”之后的内容"),
        "url",
    )
    secret = [
        name
        for name, _value in parse_qsl(parts.query, keep_blank_values=True)
        if addresses.looks_secret(name)
    ]
    if secret:
        raise DomainError.on(
            "url",
            _(
                "接收地址中不能包含令牌、密钥或口令类参数（%(names)s）：这些内容会显示在页面上并写入审计日志；"
                "接收方请以请求的签名核验 DevZone 的身份"
            )
            % {"names": "、".join(dict.fromkeys(secret))},
        )


def _refuse_internal(host: str, port: int) -> None:
    """Refuse an address that resolves, now, to an internal one (exchange.addresses: loopback, link-local, private
    … outside ``DEVZONE_EXCHANGE_ALLOWED_NETWORKS``). A name that does not resolve now is accepted: the delivery
    resolves and checks it again at each send, and logs why it did not send."""
    try:
        addresses.checked(
            host,
            port,
            settings.DEVZONE_EXCHANGE_ALLOWED_NETWORKS,
            timeout=float(settings.DEVZONE_EXCHANGE_TIMEOUT),
        )
    except addresses.Refused as refused:
        if refused.code == "blocked":
            raise DomainError.on(
                "url",
                _(
                    "接收地址指向内部网络（%(reason)s）；若接收方确在内网，"
                    "请运维人员将其网段加入 DEVZONE_EXCHANGE_ALLOWED_NETWORKS"
                )
                % {"reason": describe_blocked(refused.detail)},
            ) from None


def _clean(name: str, url: str, kinds) -> tuple[str, str, list[str]]:
    name = require_text(name, "name", _("请填写订阅方名称"))[:80]
    url = _clean_url(url)
    kinds = sorted({str(k).strip() for k in (kinds or []) if str(k).strip()})
    require(kinds, _("请至少选择一种事件类型"), "kinds")
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise DomainError.on("kinds", _("未知的事件类型：%(k)s") % {"k": "、".join(unknown)})
    return name, url, kinds


@transaction.atomic
def subscriber_create(
    *, actor, name: str, url: str, kinds, city: City | None = None
) -> tuple[Subscriber, str]:
    """The subscriber and its signing secret — shown to the administrator once, sealed at rest. It receives the
    events that happen from now on."""
    from devzone.core.models import DomainEvent

    r = reach_of(actor)
    if not _may(actor, "create") or r.city_id is None or (city is not None and city.pk != r.city_id):
        raise PermissionDeniedError(_("您无权配置数据交换"))
    city_id = r.city_id
    name, url, kinds = _clean(name, url, kinds)
    require(not Subscriber.objects.filter(city_id=city_id, name=name).exists(), _("已有同名的订阅方"), "name")
    secret = signing.new_secret()
    last = DomainEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    # The read above answers the usual case; two administrators adding one name at once both pass it, and the
    # unique (city, name) constraint refuses the second insert: in a savepoint, so that it is the same refusal and
    # not a 500 (PostgreSQL aborts the whole transaction on the error otherwise).
    try:
        with transaction.atomic():
            sub = Subscriber.objects.create(
                city_id=city_id,
                name=name,
                url=url,
                kinds=kinds,
                secret_box=secrets_box.seal(secret),
                secret_hint=secret[-4:],
                cursor=last,
                created_by=actor,
            )
    except IntegrityError:
        _name_taken(city_id, name)
        raise
    audit.record(actor=actor, action=AuditAction.CREATE, obj=sub, note=f"{url} {','.join(kinds)}")
    return sub, secret


def _name_taken(city_id: int, name: str, but=None) -> None:
    """After a unique-constraint error: a ``ConflictError`` beside the name when another subscriber of the city
    took it meanwhile (anything else is left to raise)."""
    if Subscriber.objects.filter(city_id=city_id, name=name).exclude(pk=but).exists():
        raise ConflictError.on("name", _("已有同名的订阅方")) from None


def _may(actor, action: str) -> bool:
    from devzone.core.access import RULES

    return "exchange.subscriber" in RULES.get(reach_of(actor).role, {}).get(action, set())


@transaction.atomic
def subscriber_update(
    *, actor, subscriber, name: str, url: str, kinds, active: bool, version: int | None = None
) -> Subscriber:
    sub = locked(Subscriber, subscriber, actor=actor, version=version, what=_("订阅方"))
    before = audit.snapshot(sub)
    before["url"] = addresses.masked(
        sub.url
    )  # a credential stored before it was refused stays out of the audit
    name, url, kinds = _clean(name, url, kinds)
    require(
        not Subscriber.objects.filter(city_id=sub.city_id, name=name).exclude(pk=sub.pk).exists(),
        _("已有同名的订阅方"),
        "name",
    )
    sub.name, sub.url, sub.kinds, sub.active = name, url, kinds, bool(active)
    sub.version += 1
    try:
        with transaction.atomic():  # a name taken meanwhile, as in subscriber_create
            sub.save()
    except IntegrityError:
        _name_taken(sub.city_id, name, but=sub.pk)
        raise
    audit.updated(actor, sub, before)
    return sub


@transaction.atomic
def subscriber_rotate_secret(*, actor, subscriber, version: int | None = None) -> tuple[Subscriber, str]:
    """A new signing secret (shown once); the old one stops signing at once."""
    sub = locked(Subscriber, subscriber, actor=actor, version=version, what=_("订阅方"))
    secret = signing.new_secret()
    sub.secret_box, sub.secret_hint = secrets_box.seal(secret), secret[-4:]
    sub.version += 1
    sub.save(update_fields=["secret_box", "secret_hint", "version"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=sub, note=_("更换签名密钥"))
    return sub, secret


@transaction.atomic
def delivery_replay(*, actor, delivery) -> Delivery:
    """Send a delivery again (a dead letter, or one already delivered that the receiver lost): it is pending from
    now, with its attempts counted from zero; the receiver's idempotency key is the same event's."""
    d = locked(Delivery, delivery, actor=actor, what=_("投递"))
    require(d.status != DeliveryStatus.PENDING, _("该投递尚在进行中"))
    # a kind taken off the subscription would only be cancelled unsent by the next run
    require(
        d.subscriber.wants(d.kind),
        _("订阅方已不再订阅“%(kind)s”，不能重新投递；如需补发，请先在订阅方设置中重新勾选该事件类型")
        % {"kind": KINDS.get(d.kind, d.kind)},
    )
    before = d.status
    d.status, d.attempts, d.next_attempt_at, d.version = (
        DeliveryStatus.PENDING,
        0,
        timezone.now(),
        d.version + 1,
    )
    d.save(update_fields=["status", "attempts", "next_attempt_at", "version"])
    audit.record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=d,
        changes={"status": [before, d.status]},
        note=_("重新投递"),
    )
    return d
