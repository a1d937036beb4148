"""A .xlsx or .docx is a zip of XML parts: refuse zip bombs and XML entity tricks before a reader
opens one.

`check_office_zip` runs on the bytes before the xlsx/docx readers see them (`sources.readers`
calls it). It refuses, with a one-line `SourceError`:
- too many members, or more uncompressed bytes in all than `Limits.max_zip_bytes` (the sizes the
  zip declares; Python's zipfile never inflates a member past its declared size, and the check
  below inflates every XML part, so a lying header cannot get past either);
- a member over 1 MiB whose declared size is more than `Limits.max_zip_ratio` times its
  compressed size (a zip bomb inflates ~1000:1; real Office XML stays under ~50:1);
- encrypted members, and members whose names escape the archive (`..`, absolute paths);
- any XML part that declares a DOCTYPE or ENTITY, in whatever encoding it is written (UTF-8, UTF-16
  or UTF-32, sniffed as XML parsers do): Office Open XML never has one, and a DTD is how "billion
  laughs" entity expansion and external entities (reading local files) get in; and a part that
  declares another encoding (Office XML is UTF-8 or UTF-16).
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from pathlib import PurePosixPath

from sources.errors import SourceError
from sources.limits import ENVIRONMENT, RATIO_FLOOR, Limits, current_limits, size_text

_DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.I)
_XML_PART = re.compile(r"\.(xml|rels|vml)$", re.I)
_CHUNK = 1 << 20


def _unsafe_name(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or ":" in name.split("/")[0]


# how an XML part starts, in each encoding (XML 1.0, appendix F)
_SNIFF = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
          (b"\xfe\xff", "utf-16"), (b"\xff\xfe", "utf-16"), (b"\x00\x00\x00<", "utf-32-be"),
          (b"<\x00\x00\x00", "utf-32-le"), (b"\x00<\x00?", "utf-16-be"), (b"<\x00?\x00", "utf-16-le"))
_DECLARED = re.compile(r"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_READ_ENCODINGS = {"utf8", "utf16", "utf16le", "utf16be", "utf32", "utf32le", "utf32be"}  # lower case, no - or _


def xml_encoding(head: bytes) -> str:
    """The encoding the first bytes of an XML part say (a byte-order mark or how `<?` is written),
    UTF-8 when they say nothing."""
    return next((encoding for start, encoding in _SNIFF if head.startswith(start)), "utf-8")


def _declares_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    """Why the part is refused: it holds `<!DOCTYPE` or `<!ENTITY` anywhere, in whatever encoding it
    is written (decoded as it is read, in chunks, with overlap), or it declares an encoding other
    than UTF-8 or UTF-16 (in which such a text could hide); None when it is clean."""
    with archive.open(info) as part:
        chunk = part.read(_CHUNK)
        decoder = codecs.getincrementaldecoder(xml_encoding(chunk))(errors="replace")
        tail, first = "", True
        while chunk:
            text = decoder.decode(chunk)
            if first:
                declared = _DECLARED.match(text.lstrip("\ufeff"))
                if declared and re.sub(r"[-_]", "", declared.group(1).lower()) not in _READ_ENCODINGS:
                    return f"is written in {declared.group(1)}: Office XML is UTF-8 or UTF-16"
                first = False
            if _DTD.search(tail + text):
                return "declares a DTD or XML entities, which Office files never do (entity expansion or external entities)"
            tail = text[-16:]
            chunk = part.read(_CHUNK)
    return None


def check_office_zip(source: str, data: bytes, limits: Limits | None = None) -> None:
    """SourceError unless the zip in `data` is safe to hand to an Office reader."""
    limits = limits or current_limits()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SourceError(source, f"damaged or truncated zip archive ({exc})") from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_zip_members:
            raise SourceError(source, f"refused: the zip holds {len(members)} members, over the limit of "
                                      f"{limits.max_zip_members} ({ENVIRONMENT['max_zip_members']})")
        total = sum(info.file_size for info in members)
        if total > limits.max_zip_bytes:
            raise SourceError(source, f"refused as a zip bomb: {size_text(total)} uncompressed, over the limit of "
                                      f"{size_text(limits.max_zip_bytes)} ({ENVIRONMENT['max_zip_bytes']})")
        for info in members:
            if info.flag_bits & 0x1:
                raise SourceError(source, f"refused: {info.filename!r} is encrypted; remove the password and "
                                          "submit it again")
            if _unsafe_name(info.filename):
                raise SourceError(source, f"refused: the zip member name {info.filename!r} points outside the archive")
            if info.file_size > RATIO_FLOOR and info.file_size > limits.max_zip_ratio * max(info.compress_size, 1):
                ratio = info.file_size // max(info.compress_size, 1)
                raise SourceError(source, f"refused as a zip bomb: {info.filename!r} inflates {ratio}:1 to "
                                          f"{size_text(info.file_size)} (limit {limits.max_zip_ratio}:1, "
                                          f"{ENVIRONMENT['max_zip_ratio']})")
        for info in members:
            if not _XML_PART.search(info.filename):
                continue
            try:
                declares = _declares_dtd(archive, info)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
                raise SourceError(source, f"damaged zip member {info.filename!r} ({exc})") from None
            if declares:
                raise SourceError(source, f"refused: {info.filename!r} {declares}")
