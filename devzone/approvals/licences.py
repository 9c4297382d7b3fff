"""Each certificate as an electronic licence record (电子证照元数据), for the province's licence library: the
metadata after the 电子证照 standards GB/T 36901–36905 as we read their elements (licence type, number, holder and
the holder's code, issuer, validity, status; the names below are ours, in English, with the Chinese element each
stands for), per certificate and in bulk, and the revocations published the same way.

Not produced: the OFD file (GB/T 33190). easyofd, the Python library the issue names, reads OFD and turns a PDF
into an OFD of page images, but cannot sign one; signing an OFD with the GB/T 38540 signature structure is done by
ofdrw (Java) or sOFD (Rust), which DevZone would have to run as a separate service. So the certificate stays a
PDF with its detached SM2/SM3 signature (approvals.seal), and the record points at it (docs/integration.md)."""

from __future__ import annotations

from devzone.approvals.certificates import verify_url
from devzone.approvals.choices import CertificateStatus

# element -> the Chinese name of the standard's element it carries
ELEMENTS = {
    "licence_type_name": "证照类型名称",
    "licence_type_code": "证照类型代码",
    "licence_number": "证照编号",
    "holder_name": "持证主体",
    "holder_code": "持证主体代码",
    "holder_code_type": "持证主体代码类型",
    "issuer_name": "颁发机构",
    "issuer_seal": "颁发机构印章",
    "issued_on": "颁发日期",
    "valid_from": "有效期起始日期",
    "valid_until": "有效期截止日期",
    "status": "证照状态",
    "revoked_on": "注销（撤销）日期",
    "verify_url": "核验地址",
    "file_digest_sm3": "证照文件摘要（SM3）",
    "signature_algorithm": "签名算法",
}


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def licence_record(cert) -> dict:
    """One certificate's record (``cert`` with its application's item, its seal and its zone loaded)."""
    return {
        "licence_type_name": cert.title,
        "licence_type_code": cert.application.item.code,
        "licence_number": cert.number,
        "holder_name": cert.holder,
        "holder_code": cert.holder_credit_code,
        "holder_code_type": "统一社会信用代码",
        "issuer_name": cert.zone.name,
        "issuer_seal": cert.seal.name,
        "issued_on": _iso(cert.issued_on),
        "valid_from": _iso(cert.issued_on),
        "valid_until": _iso(cert.valid_until),
        "status": "revoked" if cert.status == CertificateStatus.REVOKED else "valid",
        "revoked_on": _iso(cert.revoked_on),
        "verify_url": verify_url(cert.verify_code),
        "file_digest_sm3": cert.digest_sm3,
        "signature_algorithm": "SM2withSM3",
    }


# Why a certificate was revoked, as the public list names it: a category, never the written reason (it names the
# enterprise's breach). A revocation that no category describes is ``other``.
REVOCATION_REASONS = {
    "commitment_breach": "违反告知承诺",  # 告知承诺制: the check after the grant found a breach
    "other": "其他",
}


def revocation_reason(cert) -> str:
    """The category of ``cert``'s revocation (its application and the check after its grant loaded)."""
    from devzone.approvals.choices import PostCheckResult

    post_check = getattr(cert.application, "post_check", None)
    if post_check is not None and post_check.result == PostCheckResult.BREACH:
        return "commitment_breach"
    return "other"


def revocation_record(cert) -> dict:
    """What the public revocation list says of a revoked certificate: which, by whom, since when and why (the
    category). Never its verification code or link: with it anyone reads the holder's details on the verify
    page, and the list is public (the holder, who has the code on the certificate, still verifies it)."""
    reason = revocation_reason(cert)
    return {
        "licence_number": cert.number,
        "issuer_name": cert.zone.name,
        "revoked_on": _iso(cert.revoked_on),
        "reason": reason,
        "reason_name": REVOCATION_REASONS[reason],
    }
