"""What a file IS, read from its first bytes, never from its name or the browser's content type."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    code: str
    extension: str
    content_type: str
    label: str


PDF = FileType("pdf", ".pdf", "application/pdf", "PDF")
JPEG = FileType("jpeg", ".jpg", "image/jpeg", "JPEG")
PNG = FileType("png", ".png", "image/png", "PNG")
DOCX = FileType("docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "Word (.docx)")
XLSX = FileType("xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "Excel (.xlsx)")
ODT = FileType("odt", ".odt", "application/vnd.oasis.opendocument.text", "OpenDocument texte (.odt)")
ODS = FileType("ods", ".ods", "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument tableur (.ods)")

ALL_TYPES = (PDF, JPEG, PNG, DOCX, XLSX, ODT, ODS)
_ODF = {t.content_type: t for t in (ODT, ODS)}
# Office Open XML: the part that says which application the package belongs to.
_OOXML = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX}


def _zip_type(fileobj) -> FileType | None:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return _ODF.get(mimetype)
            if "[Content_Types].xml" in names:
                return next((kind for part, kind in _OOXML.items() if part in names), None)
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError):
        return None
    return None


def detect_type(fileobj) -> FileType | None:
    """The file's type from its content (magic bytes; the inside of a ZIP for office files), or None.
    The file position is put back at the start."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    found = None
    if head.startswith(b"%PDF-"):
        found = PDF
    elif head.startswith(b"\xff\xd8\xff"):
        found = JPEG
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = PNG
    elif head.startswith(b"PK\x03\x04"):
        found = _zip_type(fileobj)
    fileobj.seek(0)
    return found
