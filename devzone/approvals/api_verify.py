"""Public certificate verification API (no login): by verify code, or by the uploaded PDF.

Mounted with ``api.add_router("/v1/verify", router)``. Both answer 200 with a verdict (valid / revoked /
invalid) whenever the input could be read; an empty upload is 400 and one over the upload limit (20 MB) is 413 (problem+json)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from devzone.approvals.certificates import max_pdf_bytes, max_pdf_mb, verify_by_code, verify_pdf
from devzone.core.errors import DomainError

router = Router(tags=["verify"], auth=None)


class UploadTooLargeError(DomainError):
    status = 413


class VerifyOut(Schema):
    status: str  # valid | revoked | invalid
    label: str  # 有效 | 已撤销 | 无效
    message: str
    number: str
    holder: str
    title: str
    issued_on: dt.date | None
    valid_until: dt.date | None
    zone: str
    issuer: str
    seal_serial: str
    revoked_on: dt.date | None
    expired: bool


@router.get("/{code}", response=VerifyOut, operation_id="certificate_verify_code", summary="按验证码核验证照")
def certificate_verify_code(request, code: str):
    return verify_by_code(code).as_dict()


@router.post("", response=VerifyOut, operation_id="certificate_verify_pdf", summary="上传证照PDF核验")
def certificate_verify_pdf(request, file: File[UploadedFile]):
    """The PDF (multipart field ``file``, at most the platform's upload limit, 20 MB by default)."""
    if file.size is None or file.size == 0:
        raise DomainError(_("文件为空，请选择证照PDF文件"), {"file": [_("文件为空")]})
    if file.size > max_pdf_bytes():
        mb = {"mb": max_pdf_mb()}
        raise UploadTooLargeError(
            _("文件超过%(mb)dMB，无法核验") % mb, {"file": [_("文件超过%(mb)dMB") % mb]}
        )
    return verify_pdf(file.read(max_pdf_bytes() + 1)).as_dict()
