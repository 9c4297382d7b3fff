"""Checks on uploaded files, for every module: the type by content (never by name), the size limit from the
settings, and that the file opens (an encrypted PDF or a broken image is refused with a reason).

    checked = check_upload(f.name, f.read(), kinds=DOCUMENTS)          # approvals' materials
    checked = check_upload(f.name, f.read(), kinds=PHOTOS, max_bytes=settings.DEVZONE_PHOTO_MAX_BYTES)
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.utils.translation import gettext as _

from devzone.core.errors import DomainError

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAGIC = {b"%PDF-": PDF, b"\x89PNG\r\n\x1a\n": PNG, b"\xff\xd8\xff": JPEG, b"PK\x03\x04": DOCX}
EXTENSION = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx"}
DOCUMENTS = (PDF, PNG, JPEG)
PHOTOS = (PNG, JPEG)
REPORTS = (PDF, DOCX, PNG, JPEG)
KIND_NAMES = {PDF: "PDF", PNG: "PNG", JPEG: "JPG", DOCX: "Word（.docx）"}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes
    sha256: str


def too_large(size: int, max_bytes: int | None = None) -> str:
    """The refusal for a file of ``size`` bytes over the limit, or '' (for a check before reading it)."""
    limit = max_bytes or settings.DEVZONE_UPLOAD_MAX_BYTES
    if size > limit:
        return _("超过%(mb)dMB") % {"mb": limit // (1024 * 1024)}
    return ""


def clean_name(name: str, content_type: str) -> str:
    """A file name safe to store and to send back: no path, at most 150 characters, the type's extension."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip().replace("\x00", "") or _("文件")
    ext = EXTENSION[content_type]
    base = base[:150]
    if content_type == JPEG and base.lower().endswith(".jpeg"):
        return base
    return base if base.lower().endswith(ext) else base + ext


def stored_name(checked: CheckedFile) -> str:
    """The name a checked file is stored under: random, with its type's extension only (the uploaded name is
    kept in a field for the download, never used on disk)."""
    return uuid.uuid4().hex + EXTENSION[checked.content_type]


def check_upload(
    name: str, data: bytes, *, kinds=DOCUMENTS, max_bytes: int | None = None, field: str = "file"
) -> CheckedFile:
    """Accept a file of one of ``kinds`` (content types) within the size limit that opens; else a
    ``DomainError`` on ``field`` saying why, naming the file."""
    label = (name or "").strip() or _("文件")

    def refuse(reason: str):
        return DomainError(f"{label} {reason}", {field: [f"{label} {reason}"]})

    if not data:
        raise refuse(_("是空文件"))
    if problem := too_large(len(data), max_bytes):
        raise refuse(problem)
    content_type = next((t for magic, t in MAGIC.items() if data.startswith(magic)), None)
    if content_type not in kinds:
        raise refuse(
            _("不是可接受的文件类型（%(kinds)s）") % {"kinds": "、".join(KIND_NAMES[k] for k in kinds)}
        )
    try:
        _opens(content_type, data)
    except DomainError as e:
        raise refuse(e.message)
    except Exception:  # any parser error means the file cannot be read by the person who must read it
        raise refuse(_("已损坏或无法读取"))
    return CheckedFile(clean_name(name, content_type), content_type, data, hashlib.sha256(data).hexdigest())


def _opens(content_type: str, data: bytes) -> None:
    if content_type == PDF:
        from pypdf import PdfReader

        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted:
            raise DomainError(_("已加密，无法查阅，请上传未加密的PDF"))
        if len(reader.pages) == 0:
            raise ValueError("no pages")
    elif content_type == DOCX:
        import zipfile

        with zipfile.ZipFile(BytesIO(data)) as z:
            if "word/document.xml" not in z.namelist():
                raise ValueError("not a Word document")
    else:
        from PIL import Image

        with Image.open(BytesIO(data)) as img:
            img.verify()
