"""Readers: one module per submitted format, each turning a file's bytes into grids.

`read_grids` picks the reader from the content first (a zip holding word/document.xml is a .docx
whatever its name; an "xls" exported by a web system is often HTML) and from the suffix second.
Every failure is a `SourceError` with one line that names the file: a library's exception never
leaves this module.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Callable

from sources.errors import SourceError
from sources.grid import Grid
from sources.readers.common import one_line
from sources.safe_zip import check_office_zip

TEXT, CSV, XLSX, XLS, DOCX, HTML, PDF = "text", "csv", "xlsx", "xls", "docx", "html", "pdf"

# suffix -> the format a file with it should be (content sniffing may still decide otherwise)
SUFFIX_FORMATS: dict[str, str] = {
    ".txt": TEXT, ".tsv": TEXT, ".csv": CSV, ".xlsx": XLSX, ".xlsm": XLSX, ".xls": XLS,
    ".docx": DOCX, ".html": HTML, ".htm": HTML, ".pdf": PDF,
}
_LABELS = {TEXT: "text", CSV: "CSV", XLSX: "Excel .xlsx", XLS: "Excel .xls", DOCX: "Word .docx",
           HTML: "HTML", PDF: "PDF"}

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"), (b"BM", "a BMP image"),
    (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|table|div|title)\b", re.I | re.S)


def _utf16_name(name: str) -> bytes:
    return name.encode("utf-16-le")


def describe_content(data: bytes) -> str:
    """What the bytes look like, for an error message: 'a PNG image', 'a zip archive', 'text'..."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if data.startswith(b"PK"):
        return "a zip archive"
    if data.startswith(_OLE):
        return "an old Office (OLE) file"
    if b"%PDF-" in data[:1024]:
        return "a PDF"
    if _HTML_START.match(data[:4096]):
        return "an HTML page"
    return "binary data" if b"\x00" in data[:4096] else "text"


def _zip_format(source: str, data: bytes, suffix: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        expected = suffix if suffix in (".docx", ".xlsx", ".xlsm") else "Office"
        raise SourceError(source, f"damaged or truncated {expected} file: the zip archive cannot be opened "
                                  f"({one_line(str(exc))})") from None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    if any(name.startswith("word/") for name in names) or any(name.startswith("xl/") for name in names):
        raise SourceError(source, "damaged Office file: the zip archive lacks word/document.xml or xl/workbook.xml")
    raise SourceError(source, "a zip archive that is neither a .docx nor a .xlsx: unpack it and submit the "
                              "files inside")


def _ole_format(source: str, data: bytes) -> str:
    if _utf16_name("EncryptedPackage") in data:
        raise SourceError(source, "a password-protected Office file: remove the password and submit it again")
    if _utf16_name("WordDocument") in data:
        raise SourceError(source, "an old Word .doc file: only .docx is read; save it as .docx")
    return XLS


def detect_format(source: str, data: bytes) -> str:
    """The format of a file from its content and its suffix; SourceError when it is none we read."""
    suffix = Path(source).suffix.lower()
    claimed = SUFFIX_FORMATS.get(suffix)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_format(source, data, suffix)
    if data.startswith(_OLE):
        return _ole_format(source, data)
    if b"%PDF-" in data[:1024]:
        return PDF
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise SourceError(source, f"{what}, not a table: submit the table itself (text, .csv, .xlsx, .xls, "
                                      ".docx, .html or a PDF with a text layer)")
    looks_html = bool(_HTML_START.match(data[:4096]))
    if claimed in (DOCX, XLSX, PDF) and not looks_html:
        expected = {DOCX: "a zip archive", XLSX: "a zip archive", PDF: "a file starting with %PDF"}[claimed]
        raise SourceError(source, f"not a valid {suffix} file: expected {expected}, found {describe_content(data)}")
    if looks_html:
        return HTML
    return CSV if claimed == CSV else TEXT


def _reader(fmt: str) -> Callable[[str, bytes], list[Grid]]:
    if fmt in (TEXT, CSV):
        from sources.readers.text import read_text

        return lambda source, data: read_text(source, data, ".csv" if fmt == CSV else Path(source).suffix.lower())
    if fmt == XLSX:
        from sources.readers.xlsx import read_xlsx

        return read_xlsx
    if fmt == XLS:
        from sources.readers.xls import read_xls

        return read_xls
    if fmt == DOCX:
        from sources.readers.docx import read_docx

        return read_docx
    if fmt == HTML:
        from sources.readers.html import read_html

        return read_html
    from sources.readers.pdf import read_pdf

    return read_pdf


def read_grids(path: str | Path, data: bytes | None = None) -> list[Grid]:
    """The grids of a file of any supported format."""
    source = str(path)
    if data is None:
        data = Path(path).read_bytes()
    if not data.strip():
        raise SourceError(source, "the file is empty")
    fmt = detect_format(source, data)
    try:
        if fmt in (XLSX, DOCX):
            check_office_zip(source, data)  # zip bombs, entity expansion: before any XML is parsed
        return _reader(fmt)(source, data)
    except SourceError:
        raise
    except zlib.error as exc:  # a zip member whose compressed bytes are damaged
        raise SourceError(source, f"damaged {_LABELS[fmt]} file: corrupt compressed data ({one_line(str(exc))})") from None
    except Exception as exc:  # a library's error on a damaged file: one line, never a traceback
        raise SourceError(source, f"cannot read this {_LABELS[fmt]} file ({type(exc).__name__}: "
                                  f"{one_line(str(exc)) or 'no detail'})") from None
