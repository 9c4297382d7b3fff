"""Checks on uploaded files, for every module: the type by content (never by name), the size limit from the
settings, and that the file opens (an encrypted PDF or a broken image is refused with a reason). Hostile files
are refused too: a PDF that carries active content (JavaScript, a launch action, an embedded file, Flash or an
XFA form, which a reviewer's viewer could run), an image whose pixel count is a decompression bomb, and a Word
file that expands beyond ``DEVZONE_UPLOAD_MAX_EXPANDED_BYTES``.

    checked = check_upload(f.name, f.read(), kinds=DOCUMENTS)          # approvals' materials
    checked = check_upload(f.name, f.read(), kinds=PHOTOS, max_bytes=settings.DEVZONE_PHOTO_MAX_BYTES)
"""

from __future__ import annotations

import hashlib
import logging
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from PIL import Image

from devzone.core.errors import DomainError

logger = logging.getLogger("devzone.files")

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


def open_stored(stored, *, asker: str):
    """A stored file (a model's ``FieldFile``) opened for reading, or None when it is gone from storage (lost with
    the media volume, a restore without the media, removed by hand, or never stored): then an error in the log
    names the file, its row and ``asker`` (who asked, how) for the operator, who must restore it."""
    try:
        return stored.open("rb")
    except (OSError, ValueError) as exc:  # ValueError: the field holds no file at all
        row = stored.instance
        logger.error(
            "stored file missing: %s of %s %s (asked by %s): %s",
            stored.name or "(none)",
            row._meta.label,
            row.pk,
            asker,
            exc,
        )
        return None


def download(
    request, stored, *, filename: str, content_type: str, as_attachment: bool = True
) -> HttpResponse:
    """A stored file (a model's ``FieldFile``, the row already read through ``for_user``) as the user's
    download. A file gone from storage answers 404 with a page in the user's language that sends them to the
    administrator (``open_stored`` logs it for the operator): never a 500."""
    fh = open_stored(stored, asker=f"user {getattr(request.user, 'pk', None)} at {request.path}")
    if fh is None:
        return render(
            request,
            "_error.html",
            {"error_title": _("文件不存在"), "error_text": _("文件不存在或已被移除，请联系管理员。")},
            status=404,
        )
    return FileResponse(fh, as_attachment=as_attachment, filename=filename, content_type=content_type)


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
    except Image.DecompressionBombError:
        raise refuse(_("图像像素过多，请缩小后上传"))
    except Exception:  # any parser error means the file cannot be read by the person who must read it
        raise refuse(_("已损坏或无法读取"))
    return CheckedFile(clean_name(name, content_type), content_type, data, hashlib.sha256(data).hexdigest())


# What a PDF may not carry: keys and action types that run or open something in the reader's viewer.
PDF_ACTIVE_KEYS = {"/JS", "/JavaScript", "/Launch", "/EF", "/EmbeddedFiles", "/RichMedia", "/XFA"}
PDF_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute", "/SubmitForm"}


# At most this many objects are scanned in one PDF (a 20 MB scan has a few thousand); a PDF whose trailer claims
# more objects than it has bytes, or more than this, is refused without a scan.
PDF_MAX_OBJECTS = 200_000

_pypdf_quiet_lock = threading.Lock()
_pypdf_quiet_depth = 0


@contextmanager
def _pypdf_quiet():
    """pypdf's warnings (one per missing or broken object of a hostile file) kept out of the log while a file is
    checked; the refusal says what is wrong. Nested and concurrent checks restore the level once, at the end."""
    global _pypdf_quiet_depth
    pypdf_logger = logging.getLogger("pypdf")
    with _pypdf_quiet_lock:
        if _pypdf_quiet_depth == 0:
            _pypdf_quiet.saved_level = pypdf_logger.level
            pypdf_logger.setLevel(logging.ERROR)
        _pypdf_quiet_depth += 1
    try:
        yield
    finally:
        with _pypdf_quiet_lock:
            _pypdf_quiet_depth -= 1
            if _pypdf_quiet_depth == 0:
                pypdf_logger.setLevel(_pypdf_quiet.saved_level)


def _opens(content_type: str, data: bytes) -> None:
    if content_type == PDF:
        from pypdf import PdfReader

        with _pypdf_quiet():
            reader = PdfReader(BytesIO(data))
            if reader.is_encrypted:
                raise DomainError(_("已加密，无法查阅，请上传未加密的PDF"))
            if len(reader.pages) == 0:
                raise ValueError("no pages")
            if _pdf_is_active(reader, len(data)):
                raise DomainError(
                    _("含有脚本或嵌入内容（JavaScript、启动动作、附件等），请另存为普通PDF后上传")
                )
    elif content_type == DOCX:
        import zipfile

        with zipfile.ZipFile(BytesIO(data)) as z:
            if "word/document.xml" not in z.namelist():
                raise ValueError("not a Word document")
            if sum(i.file_size for i in z.infolist()) > settings.DEVZONE_UPLOAD_MAX_EXPANDED_BYTES:
                raise DomainError(_("解压后过大，不是正常的Word文件"))
    else:
        with Image.open(BytesIO(data)) as img:  # a decompression bomb is refused here, by its pixel count
            img.verify()


def _pdf_objects(reader, size: int) -> list[tuple[int, int]]:
    """(number, generation) of every object the PDF's cross-reference tables list — never the whole range its
    trailer's /Size claims, which a hostile 400-byte file sets to millions. A /Size beyond the file's ``size``
    in bytes, or above ``PDF_MAX_OBJECTS``, is refused: no genuine PDF has more objects than bytes."""
    claimed = int(reader.trailer.get("/Size", 0))
    refs = {(number, generation) for generation, table in reader.xref.items() for number in table}
    refs |= {(number, 0) for number in reader.xref_objStm}
    if claimed > size or claimed > PDF_MAX_OBJECTS or len(refs) > PDF_MAX_OBJECTS:
        raise DomainError(_("声明的对象数量异常，不是正常的PDF文件，请另存为普通PDF后上传"))
    return sorted(refs)


def _pdf_is_active(reader, size: int) -> bool:
    """Whether any object of the PDF — every indirect object its cross-reference lists, those in object streams
    too, and the dictionaries written inside them (an annotation's action) — is active content. ``size``: the
    file's length in bytes (see ``_pdf_objects``)."""
    from pypdf.generic import IndirectObject

    for number, generation in _pdf_objects(reader, size):
        if number == 0:
            continue
        try:
            obj = IndirectObject(number, generation, reader).get_object()
        except Exception:  # noqa: S112  (a free or broken entry: nothing there to run)
            continue
        if _active(obj):
            return True
    return _active(reader.trailer["/Root"])


def _active(obj, depth: int = 0) -> bool:
    """``obj`` or a direct object inside it is active (indirect ones are visited by ``_pdf_is_active``)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if depth > 30 or isinstance(obj, IndirectObject):
        return False
    if isinstance(obj, DictionaryObject):  # a stream's dictionary too
        if PDF_ACTIVE_KEYS & set(obj.keys()) or obj.get("/S") in PDF_ACTIVE_ACTIONS:
            return True
        return any(_active(v, depth + 1) for v in obj.values())
    if isinstance(obj, ArrayObject):
        return any(_active(v, depth + 1) for v in obj)
    return False
