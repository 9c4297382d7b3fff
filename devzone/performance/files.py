"""Checks on an uploaded work report (述职报告): type by content, not by name; size."""

from __future__ import annotations

from django.utils.translation import gettext as _

from devzone.core.errors import DomainError

MAX_BYTES = 20 * 1024 * 1024
KINDS = {
    b"%PDF-": ("application/pdf", ".pdf"),
    b"PK\x03\x04": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
}


def check_report(name: str, data: bytes) -> tuple[str, str]:
    """(clean file name, content type) of an acceptable report; else a DomainError saying why."""
    label = (name or "").strip() or _("文件")
    if not data:
        raise DomainError(_("%(f)s 是空文件") % {"f": label}, {"file": [_("空文件")]})
    if len(data) > MAX_BYTES:
        raise DomainError(_("%(f)s 超过20MB") % {"f": label}, {"file": [_("超过20MB")]})
    for magic, (ctype, ext) in KINDS.items():
        if data.startswith(magic):
            if ext == ".docx" and not label.lower().endswith(".docx"):
                break
            base = label.replace("/", "_").replace("\\", "_")[:150]
            return (base if base.lower().endswith(ext) or ext == ".jpg" else base + ext), ctype
    raise DomainError(
        _("%(f)s 不是PDF、Word（.docx）或图片文件") % {"f": label}, {"file": [_("文件类型不支持")]}
    )
