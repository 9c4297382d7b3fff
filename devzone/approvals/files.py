"""Not used by approvals any more (its materials go through ``devzone.core.files``). Kept, with its wording,
only for ``devzone.services`` (requests' attachments), which still imports it: delete it once that module
uses ``core.files``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from io import BytesIO

from django.utils.translation import gettext as _

from devzone.core.errors import DomainError
from devzone.core.files import too_large

KINDS = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes
    sha256: str


def check_upload(name: str, data: bytes) -> CheckedFile:
    """Accept a PDF, PNG or JPEG within the upload limit that opens; else a DomainError saying why."""
    label = name or _("文件")
    if not data:
        raise DomainError(_("%(f)s 是空文件") % {"f": label})
    if problem := too_large(len(data)):
        raise DomainError(f"{label} {problem}")
    content_type = next((t for magic, t in KINDS.items() if data.startswith(magic)), None)
    if content_type is None:
        raise DomainError(_("%(f)s 不是PDF或图片（JPG、PNG）文件") % {"f": label})
    try:
        if content_type == "application/pdf":
            from pypdf import PdfReader

            reader = PdfReader(BytesIO(data))
            if reader.is_encrypted:
                raise DomainError(_("%(f)s 已加密，无法查阅，请上传未加密的PDF") % {"f": label})
            if len(reader.pages) == 0:
                raise ValueError("no pages")
        else:
            from PIL import Image

            with Image.open(BytesIO(data)) as img:
                img.verify()
    except DomainError:
        raise
    except Exception:  # any parser error means the file cannot be read by a reviewer
        raise DomainError(_("%(f)s 已损坏或无法读取") % {"f": label})
    return CheckedFile(name[:200], content_type, data, hashlib.sha256(data).hexdigest())
