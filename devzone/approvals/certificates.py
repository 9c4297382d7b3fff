"""Certificates (电子证照) under the zone's approval seal: the PDF, its SM2 signature, the seal's life, and the
public verification of a code or an uploaded file.

On a grant ``issue_certificate`` renders the certificate (HTML -> PDF with WeasyPrint, Noto CJK fonts embedded,
a QR code to the public verify page and the red seal mark), computes SM3 over the PDF's bytes and signs those
bytes with the zone's active seal (SM2 with SM3, standard signer ID; ``seal.py``). A PDF is genuine only if its
SM3 digest is that of a stored certificate *and* the stored signature verifies with the public key of the seal
that signed it; seals are retired, never deleted, so rotation keeps older certificates verifiable.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from devzone.approvals import seal as crypto
from devzone.approvals.choices import CertificateStatus
from devzone.approvals.events import certificate_issued, certificate_revoked
from devzone.approvals.models import Application, ApprovalSeal, Certificate
from devzone.approvals.seal_mark import SEAL_PURPOSE, SEAL_SIZE_MM, seal_authority, seal_picture_svg
from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.actors import system_actor
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError, require, require_text
from devzone.core.files import open_stored, too_large
from devzone.core.models import Zone
from devzone.core.sequences import next_number
from devzone.core.templatetags.devzone import show

# Verify codes: 16 characters without 0/O, 1/I/L (read aloud or typed from paper): 31**16, about 79 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 16
SEAL_VALID_YEARS = 10  # the SES_Seal validity recorded in the seal; rotation renews a seal before then

VALID, REVOKED, INVALID = "valid", "revoked", "invalid"
STATUS_LABELS = {VALID: "有效", REVOKED: "已撤销", INVALID: "无效"}


def max_pdf_bytes() -> int:
    """The largest certificate PDF verification reads: the platform's upload limit (a setting)."""
    return settings.DEVZONE_UPLOAD_MAX_BYTES


def max_pdf_mb() -> int:
    return max_pdf_bytes() // (1024 * 1024)


def _master_key() -> bytes:
    try:
        return crypto.load_master_key(settings.VAR_DIR)
    except crypto.SealError as e:
        raise DomainError(_("电子印章主密钥不可用，请联系系统管理员：%(e)s") % {"e": e})


def cn_date(day: dt.date | None) -> str:
    """2026年11月22日 (the form official documents use)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


# --- Seals ---------------------------------------------------------------------------------------------


def default_seal_name(zone: Zone) -> str:
    return f"{zone.name}管理委员会{SEAL_PURPOSE}"


def _years_later(moment: dt.datetime, years: int) -> dt.datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


def _next_seal_serial(zone: Zone) -> str:
    """13 digits like a public-security seal code: the city's code, the zone, the zone's seal count."""
    city_code = re.sub(r"\D", "", zone.city.code or "")[:6].rjust(6, "0")
    count = ApprovalSeal.objects.filter(zone=zone).count()
    return f"{city_code}{zone.pk:04d}{count + 1:03d}"


@transaction.atomic
def seal_create(*, actor, zone: Zone, name: str | None = None) -> ApprovalSeal:
    """A new active seal for ``zone`` (an SM2 key pair, the private key encrypted at rest). Refused while the
    zone has an active seal: replacing one is ``seal_rotate``. The command line and the first certificate of
    a zone create it as the system actor; ``seal_rotate`` as the person who rotates (after its check)."""
    zone = Zone.objects.select_for_update().select_related("city").get(pk=zone.pk)
    if ApprovalSeal.objects.filter(zone=zone, is_active=True).exists():
        raise DomainError(_("该开发区已有在用的审批专用章；更换印章请使用轮换"))
    name = (name or default_seal_name(zone)).strip()
    require(0 < len(name) <= 80, _("印章名称须为1至80个字"), "name")
    master_key = _master_key()
    serial = _next_seal_serial(zone)
    keypair = crypto.generate_keypair()
    now = timezone.now()
    record = crypto.seal_record(
        serial=serial,
        name=name,
        keypair=keypair,
        created=now,
        valid_start=now,
        valid_end=_years_later(now, SEAL_VALID_YEARS),
        picture_svg=seal_picture_svg(name, serial, standalone=True),
        picture_mm=SEAL_SIZE_MM,
    )
    row = ApprovalSeal(
        zone=zone,
        name=name,
        serial=serial,
        public_key=keypair.public_key,
        private_key_encrypted=crypto.encrypt_private_key(
            keypair.private_key, master_key=master_key, context=serial
        ),
        is_active=True,
        structure=record,
    )
    changes = {"serial": [None, serial], "public_key": [None, keypair.public_key]}
    audit.saved(actor, row, None, changes=changes, note=f"启用审批专用章 {serial}")
    return row


@transaction.atomic
def seal_rotate(*, actor, zone: Zone) -> ApprovalSeal:
    """Retire the zone's active seal (kept, so that what it signed still verifies) and start a new one under
    the same name. A system administrator of the city or the zone's leader only."""
    r = reach_of(actor)
    if r.role not in (Role.SYSADMIN, Role.ZONE_LEADER):
        raise PermissionDeniedError(_("只有系统管理员或管委会主任可以更换审批专用章"))
    if not Zone.objects.for_user(actor, "view").filter(pk=zone.pk).exists():
        raise NotFoundError(_("开发区不存在"))
    old = ApprovalSeal.objects.select_for_update().filter(zone_id=zone.pk, is_active=True).first()
    if old is not None:
        if not ApprovalSeal.objects.for_user(actor, "change").filter(pk=old.pk).exists():
            raise PermissionDeniedError(_("您无权更换该开发区的印章"))
        old.is_active = False
        old.retired_at = timezone.now()
        old.save(update_fields=["is_active", "retired_at", "updated_at"])
        audit.changed(actor, old, "is_active", True, False, note=f"停用审批专用章 {old.serial}（轮换）")
    new = seal_create(actor=actor, zone=zone, name=old.name if old else None)
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=new, note=f"轮换启用审批专用章 {new.serial}")
    return new


def _signing_seal(zone: Zone) -> tuple[ApprovalSeal, crypto.KeyPair]:
    row = ApprovalSeal.objects.filter(zone=zone, is_active=True).first()
    if row is None:  # the zone's first certificate: the system gives it its seal
        row = seal_create(actor=system_actor(), zone=zone)
    try:
        private_key = crypto.decrypt_private_key(
            row.private_key_encrypted, master_key=_master_key(), context=row.serial
        )
    except crypto.SealError as e:
        raise DomainError(_("审批专用章私钥无法解密，请联系系统管理员：%(e)s") % {"e": e})
    if crypto.public_key_of(private_key) != row.public_key:
        raise DomainError(_("审批专用章的公钥与私钥不匹配，请联系系统管理员"))
    return row, crypto.KeyPair(private_key=private_key, public_key=row.public_key)


# --- Numbers and codes ----------------------------------------------------------------------------------

# GB 2312 level-1 hanzi are ordered by pinyin: the first code of each initial (A … Z, no I/U/V).
_GB2312_INITIALS = [
    (0xB0A1, "A"), (0xB0C5, "B"), (0xB2C1, "C"), (0xB4EE, "D"), (0xB6EA, "E"), (0xB7A2, "F"), (0xB8C1, "G"),
    (0xB9FE, "H"), (0xBBF7, "J"), (0xBFA6, "K"), (0xC0AC, "L"), (0xC2E8, "M"), (0xC4C3, "N"), (0xC5B6, "O"),
    (0xC5BE, "P"), (0xC6DA, "Q"), (0xC8BB, "R"), (0xC8F6, "S"), (0xCBFA, "T"), (0xCDDA, "W"), (0xCEF4, "X"),
    (0xD1B9, "Y"), (0xD4D1, "Z"),
]  # fmt: skip
_ZONE_SUFFIXES = (
    "经济技术开发区",
    "高新技术产业开发区",
    "经济开发区",
    "高新区",
    "开发区",
    "工业园区",
    "园区",
)


def _initial(ch: str) -> str:
    if ch.isascii():
        return ch.upper() if ch.isalnum() else ""
    try:
        code = int.from_bytes(ch.encode("gb2312"), "big")
    except UnicodeEncodeError:
        return ""
    if not 0xB0A1 <= code <= 0xD7F9:  # level-2 hanzi are ordered by radical, not by sound
        return ""
    letter = ""
    for start, initial in _GB2312_INITIALS:
        if code >= start:
            letter = initial
    return letter


def zone_prefix(zone: Zone) -> str:
    """The zone's letters in certificate numbers: ``settings.DEVZONE_CERTIFICATE_PREFIXES[name]`` if set, else
    the pinyin initials of the zone's short name without its suffix (济北经济开发区 -> JB)."""
    configured = getattr(settings, "DEVZONE_CERTIFICATE_PREFIXES", {})
    for key in (zone.name, zone.short_name):
        if key and configured.get(key):
            return configured[key]
    base = zone.short_name or zone.name
    for suffix in _ZONE_SUFFIXES:
        if base.endswith(suffix) and len(base) > len(suffix):
            base = base[: -len(suffix)]
            break
    letters = "".join(_initial(ch) for ch in base[:4])[:4]
    return letters or f"Z{zone.pk}"


def _next_number(zone: Zone, year: int) -> str:
    """``JBSP2026000123``: zone letters, SP (审批), year, a six-digit sequence. Zones whose letters coincide
    share the sequence, so numbers stay unique."""
    stem = f"{zone_prefix(zone)}SP{year}"
    return next_number(Certificate, stem, key="approvals.certificate", width=6, exact=True)


def new_verify_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """ABCD-EFGH-JKMN-PQRS, as printed on the certificate."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalize_code(raw: str | None) -> str | None:
    """The code as stored, from what a person typed (spaces, dashes, lower case tolerated); None if it cannot
    be one."""
    value = re.sub(r"[\s\-–—_]", "", str(raw or "")).upper()
    if len(value) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in value):
        return None
    return value


def verify_url(code: str) -> str:
    """The public page for ``code``, a full URL under ``DEVZONE_PUBLIC_URL`` (e.g.
    ``https://zwfw.example.gov.cn``); printed into the signed PDF and its QR code at issue time."""
    try:
        path = reverse("verify:code", args=[code])
    except NoReverseMatch:
        path = f"/verify/{code}/"
    base = settings.DEVZONE_PUBLIC_URL.rstrip("/")
    return f"{base}{path}"


# --- The PDF -------------------------------------------------------------------------------------------


def _qr_svg(url: str) -> str:
    import segno

    return segno.make(url, error="m", micro=False).svg_inline(
        scale=1, border=0, dark="#111111", omitsize=True, svgclass="qr"
    )


def render_pdf(context: dict) -> bytes:
    """The certificate's HTML rendered by WeasyPrint. Only inline content and ``data:`` URLs are read: the
    renderer never fetches a file or a network address."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    source = render_to_string("approvals/certificate_pdf.html", context)
    return HTML(string=source, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()


def certificate_wording(item) -> str:
    """The certificate's sentence, from the item's result type: only a 许可证 says 准予行政许可 (a 备案, a
    登记 or a technical review's result is not a 行政许可). The item's 设定依据, when known, is cited."""
    from devzone.approvals.choices import ResultKind

    basis = item.legal_basis.strip() if item.legal_basis else ""
    by = f"根据{basis}" if basis else ""
    kind = item.result_kind
    if kind == ResultKind.PERMIT:
        return (
            f"根据《中华人民共和国行政许可法》{('和' + basis) if basis else '和有关法律、法规'}的规定，"
            "经审查，本申请符合法定条件和标准，准予行政许可，特发此证。"
        )
    if kind == ResultKind.APPROVAL_DOCUMENT:
        return f"根据《企业投资项目核准和备案管理条例》{('和' + basis) if basis else ''}，经审查，本项目符合核准条件，予以核准。"
    if kind == ResultKind.REPLY:
        return f"{by or '根据有关法律、法规的规定'}，经审查，同意本申请事项，特此批复。"
    if kind == ResultKind.FILING_PROOF:
        return f"{by or '根据有关规定'}，本事项已予备案，特此证明。"
    if kind == ResultKind.REGISTRATION_PROOF:
        return f"{by or '根据有关法律、法规的规定'}，经审查，准予登记，特此证明。"
    if kind == ResultKind.REVIEW_CERTIFICATE:
        return f"{by or '根据有关规定'}，经审查，该文件符合有关法律、法规和工程建设强制性标准，审查合格，特此证明。"
    return f"{by or '根据有关规定'}，经审查，特此证明。"


def _certificate_context(app: Application, *, number, code, issued_on, valid_until, seal_row) -> dict:
    intake = app.intake
    item_name = str(app.item)
    url = verify_url(code)
    rows = [
        (_("持证单位"), app.enterprise.name),
        (_("统一社会信用代码"), app.enterprise.credit_code),
        (_("项目名称"), app.project.name),
        (_("项目代码"), getattr(app.project, "project_code", "") or ""),
    ]
    if intake.construction_site:
        rows.append((_("建设地点"), intake.construction_site))
    if intake.construction_scale:
        scale = intake.construction_scale
        rows.append((_("建设规模及内容"), scale if len(scale) <= 160 else scale[:158] + "……"))
    rows += [
        (_("许可事项") if app.item.result_kind == "permit" else _("办理事项"), item_name),
        (_("受理编号"), intake.number),
        (_("发证日期"), cn_date(issued_on)),
        (
            _("有效期限"),
            _("自%(a)s至%(b)s") % {"a": cn_date(issued_on), "b": cn_date(valid_until)}
            if valid_until
            else _("长期"),
        ),
    ]
    authority = seal_authority(seal_row.name) or app.zone.name
    return {
        "number": number,
        "title": app.item.result_type,
        "lead": certificate_wording(app.item),
        "authority": authority,
        "rows": rows,
        "issued_cn": cn_date(issued_on),
        "code": format_code(code),
        "verify_url": url,
        "verify_page": url[: -len(code) - 1] if url.endswith(f"{code}/") else url,
        "seal_serial": seal_row.serial,
        "seal_svg": mark_safe(seal_picture_svg(seal_row.name, seal_row.serial)),  # noqa: S308  (escaped inside)
        "qr_svg": mark_safe(_qr_svg(url)),  # noqa: S308  (segno's own markup; the URL is ours)
        "keywords": f"DEVZONE-CERTIFICATE {number} {code}",
    }


@transaction.atomic
def issue_certificate(
    *, actor, application: Application, issued_on: dt.date, valid_until: dt.date | None = None
) -> Certificate:
    """Render, sign and store the certificate of a granted application (called by ``application_grant`` inside
    its transaction, which has checked the actor's right; the audit names that actor). The zone gets a seal on
    its first certificate."""
    app = Application.objects.select_related("zone__city", "item", "project", "enterprise", "intake").get(
        pk=application.pk
    )
    require(not Certificate.objects.filter(application=app).exists(), _("该办件已签发证照"))
    require(valid_until is None or valid_until > issued_on, _("有效期须晚于发证日期"), "valid_until")
    zone = Zone.objects.select_for_update().get(pk=app.zone_id)  # one issuer per zone at a time: numbers
    seal_row, keypair = _signing_seal(zone)
    for attempt in range(5):
        number = _next_number(app.zone, issued_on.year)
        code = new_verify_code()
        # an official document in the site's language (its fixed text, its dates: cn_date), whoever grants: a
        # reviewer reading the pages in English signed certificates whose table was headed Holder, Validity …
        with translation.override(settings.LANGUAGE_CODE):
            ctx = _certificate_context(
                app, number=number, code=code, issued_on=issued_on, valid_until=valid_until, seal_row=seal_row
            )
            pdf = render_pdf(ctx)
        signature = crypto.sign(keypair.private_key, keypair.public_key, pdf)
        if not crypto.verify(keypair.public_key, pdf, signature):  # never store a signature that fails
            raise DomainError(_("证照签名自检失败，未签发"))
        cert = Certificate(
            zone=zone,
            application=app,
            number=number,
            verify_code=code,
            holder=app.enterprise.name[:100],
            holder_credit_code=app.enterprise.credit_code,
            title=app.item.result_type[:80],
            issued_on=issued_on,
            valid_until=valid_until,
            seal=seal_row,
            digest_sm3=crypto.sm3_hex(pdf),
            signature=signature.hex(),
            status=CertificateStatus.VALID,
            structure=crypto.signature_record(
                seal=seal_row.structure,
                public_key=seal_row.public_key,
                signed_at=timezone.now(),
                data=pdf,
                signature_der=signature,
                property_info=f"application/pdf; number={number}",
            ),
        )
        cert.pdf.save(f"{number}.pdf", ContentFile(pdf), save=False)
        try:
            with transaction.atomic():
                cert.save()
        except IntegrityError:
            cert.pdf.delete(save=False)
            if Certificate.objects.filter(application=app).exists():
                raise DomainError(_("该办件已签发证照"))
            if attempt == 4:
                raise DomainError(_("证照编号分配冲突，请重试"))
            continue  # a number or code taken in between (a zone sharing our letters): draw again
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=cert,
            changes={"number": [None, number], "digest_sm3": [None, cert.digest_sm3]},
            note=f"签发电子证照（印章 {seal_row.serial}）",
        )
        certificate_issued(cert)
        return cert
    raise AssertionError("unreachable")  # pragma: no cover


@transaction.atomic
def revoke_certificate(*, actor, certificate: Certificate, on: dt.date, reason: str) -> Certificate:
    """撤销: the certificate stays (and its file), verification answers 已撤销 from now on. Called by the
    services that revoke a grant, which check the actor's right (the audit names that actor)."""
    cert = Certificate.objects.select_for_update().get(pk=certificate.pk)
    require(cert.status != CertificateStatus.REVOKED, _("该证照已撤销"))
    reason = require_text(reason, "reason", _("请填写撤销原因"))
    cert.status = CertificateStatus.REVOKED
    cert.revoked_on = on
    cert.revoke_reason = reason[:200]
    cert.save(update_fields=["status", "revoked_on", "revoke_reason", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=cert,
        changes={"status": [CertificateStatus.VALID, CertificateStatus.REVOKED]},
        note=f"撤销电子证照：{cert.revoke_reason}",
    )
    certificate_revoked(cert)
    certificate.status, certificate.revoked_on, certificate.revoke_reason = (
        cert.status,
        cert.revoked_on,
        cert.revoke_reason,
    )
    return cert


# --- Verification --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifyResult:
    """What the public may learn: the verdict and, for a known certificate, its public facts."""

    status: str  # valid | revoked | invalid
    message: str
    number: str = ""
    holder: str = ""
    title: str = ""
    issued_on: dt.date | None = None
    valid_until: dt.date | None = None
    zone: str = ""
    issuer: str = ""  # the authority named by the seal (…管理委员会)
    seal_serial: str = ""
    revoked_on: dt.date | None = None
    expired: bool = False
    # a verify code that is malformed or that no certificate carries: what a guesser sends, and what the public
    # verification's rate limit counts (approvals.ratelimit); never published (``as_dict``)
    unknown_code: bool = False

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def known(self) -> bool:
        return bool(self.number)

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "label": self.label,
            "message": self.message,
            "number": self.number,
            "holder": self.holder,
            "title": self.title,
            "issued_on": self.issued_on,
            "valid_until": self.valid_until,
            "zone": self.zone,
            "issuer": self.issuer,
            "seal_serial": self.seal_serial,
            "revoked_on": self.revoked_on,
            "expired": self.expired,
        }


def _invalid(message: str, *, unknown_code: bool = False) -> VerifyResult:
    return VerifyResult(status=INVALID, message=message, unknown_code=unknown_code)


def _result_for(cert: Certificate, message_valid: str) -> VerifyResult:
    facts = {
        "number": cert.number,
        "holder": cert.holder,
        "title": cert.title,
        "issued_on": cert.issued_on,
        "valid_until": cert.valid_until,
        "zone": cert.zone.name,
        "issuer": seal_authority(cert.seal.name) or cert.zone.name,
        "seal_serial": cert.seal.serial,
    }
    if cert.status == CertificateStatus.REVOKED:
        return VerifyResult(
            status=REVOKED,
            message=_("该证照已于%(d)s撤销，不再具有效力") % {"d": show(cert.revoked_on)},
            revoked_on=cert.revoked_on,
            **facts,
        )
    expired = cert.valid_until is not None and cert.valid_until < timezone.localdate()
    message = message_valid
    if expired:
        message += _("；注意：有效期已于%(d)s届满") % {"d": show(cert.valid_until)}
    return VerifyResult(status=VALID, message=message, expired=expired, **facts)


def _signature_holds(cert: Certificate, pdf: bytes) -> bool:
    try:
        signature = bytes.fromhex(cert.signature)
    except ValueError:
        return False
    return crypto.sm3_hex(pdf) == cert.digest_sm3 and crypto.verify(cert.seal.public_key, pdf, signature)


def verify_by_code(code: str | None) -> VerifyResult:
    """The certificate a verify code names, after checking that its archived PDF still matches its signature."""
    normalized = normalize_code(code)
    if normalized is None:
        return _invalid(_("验证码格式不正确：应为16位字母和数字（不含0、1、I、L、O）"), unknown_code=True)
    cert = Certificate.objects.select_related("seal", "zone").filter(verify_code=normalized).first()
    if cert is None:
        return _invalid(_("未找到该验证码对应的证照，请核对后重试"), unknown_code=True)
    # the asker (anyone, by code) is told the archive cannot be read, to ask the issuer; the operator must restore
    # the archived PDF, so the log names it and its row
    fh = open_stored(cert.pdf, asker="verify code")
    if fh is None:
        return _invalid(_("该证照的存档文件无法读取，暂不能确认其真实性，请联系发证机关"))
    with fh:
        pdf = fh.read()
    if not _signature_holds(cert, pdf):
        return _invalid(_("该证照的存档与签名不符，不能确认其真实性，请联系发证机关"))
    return _result_for(cert, _("证照真实，由发证机关签发"))


def verify_pdf(data: bytes) -> VerifyResult:
    """A file is genuine only if its SM3 digest is that of a stored certificate and the certificate's signature
    verifies with its seal's public key over exactly these bytes; any changed byte makes it invalid."""
    if not data:
        return _invalid(_("文件为空，请选择证照PDF文件"))
    if too_large(len(data)):
        return _invalid(_("文件超过%(mb)dMB，不是本平台签发的证照") % {"mb": max_pdf_mb()})
    if not data.startswith(b"%PDF-"):
        return _invalid(_("该文件不是PDF文件，请上传本平台签发的证照PDF"))
    digest = crypto.sm3_hex(data)
    for cert in Certificate.objects.select_related("seal", "zone").filter(digest_sm3=digest):
        if _signature_holds(cert, data):
            return _result_for(cert, _("文件与发证机关签发的原件一致，电子签名验证通过"))
    return _invalid(_("文件与任何已签发证照的原件都不一致（可能被修改过，或不是本平台签发的证照）"))
