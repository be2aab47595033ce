"""Uploaded files: checked by content (not only by name), stored under a safe generated name,
served only through permission-checked views as attachments.

Used by every app that accepts files (progress reports, hotline reports).
"""

import mimetypes
import re
import unicodedata
import uuid
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _

# extension -> MIME types the content may be detected as (None: no magic number, e.g. plain text)
KINDS = {
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "png": {"image/png"},
    "pdf": {"application/pdf"},
    "doc": {"application/msword", "application/x-ole-storage", "application/x-cfb"},
    "xls": {"application/vnd.ms-excel", "application/x-ole-storage", "application/x-cfb"},
    "docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"},
    "xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"},
}
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def safe_filename(name: str, max_length: int = 120) -> str:
    """A display name without directories, control characters or shell-hostile characters."""
    name = PurePath(name.replace("\\", "/")).name
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[<>:"/\\|?*;]+', "_", name).strip(" .")
    if not name:
        name = "tep-dinh-kem"
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: max_length - len(ext) - 1] + "." + ext) if dot and len(ext) <= 5 else name[:max_length]
    return name


def extension_of(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def _sniff(head: bytes) -> str | None:
    if head.startswith(OLE_MAGIC):
        return "application/x-ole-storage"
    kind = filetype.guess(head)
    return kind.mime if kind else None


def validate_upload(uploaded, *, allowed: tuple[str, ...], max_bytes: int) -> str:
    """Check an uploaded file's size, extension and content; return its detected MIME type.

    Raises ValidationError with a Vietnamese message naming the file.
    """
    display = safe_filename(uploaded.name or "")
    ext = extension_of(display)
    if ext not in allowed:
        raise ValidationError(
            _("Tệp “%(name)s” không đúng định dạng cho phép (%(allowed)s).")
            % {"name": display, "allowed": ", ".join(a.upper() for a in allowed)}
        )
    if uploaded.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": display})
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("Tệp “%(name)s” vượt quá dung lượng cho phép (%(mb)s MB).")
            % {"name": display, "mb": round(max_bytes / (1024 * 1024), 1)}
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    detected = _sniff(head)
    if detected is None or detected not in KINDS.get(ext, set()):
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không khớp với phần mở rộng .%(ext)s.") % {"name": display, "ext": ext}
        )
    return mimetypes.types_map.get("." + ext, detected)


def storage_name(original: str) -> str:
    """The name a file is stored under: random, keeping only a checked extension."""
    return f"{uuid.uuid4().hex}.{extension_of(safe_filename(original))}"


def attachment_response(field_file, display_name: str, content_type: str = "application/octet-stream") -> FileResponse:
    """Serve a stored file as a download, never inline."""
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=safe_filename(display_name))
    response["Content-Type"] = content_type or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
