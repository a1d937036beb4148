"""Tab-separated text (pasted from Word or Excel, Excel's "Unicode text") and CSV.

The encoding is detected: a BOM (UTF-8, UTF-16, UTF-32) wins; then UTF-16 without a BOM (NUL
bytes on one side of each pair); then UTF-8; then GB18030 (a superset of GBK and GB2312). Text
that decodes but carries binary control bytes is refused as binary. A cell may be quoted the way
Excel writes it ("a ""b"" c", line breaks inside); a quote that does not close a cell is text.
Line numbers are the file's lines (a record's first line when a quoted cell spans several).
"""

from __future__ import annotations

import re
from collections import Counter

from sources.errors import SourceError
from sources.grid import Grid
from sources.readers.common import FORM_WORDS
from sources.records import split_records

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # not \v or \f: Word pastes line breaks in cells as \v
SUPPORTED_ENCODINGS = "UTF-8, GB18030/GBK or UTF-16"


def _utf16_without_bom(data: bytes) -> str | None:
    """utf-16-le/-be when NUL bytes sit (almost) only on one side of each byte pair."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if odd >= 4 * even and odd * 50 >= len(data) // 2:
        return "utf-16-le"
    if even >= 4 * odd and even * 50 >= len(data) // 2:
        return "utf-16-be"
    return None


def _check_text(text: str, source: str, encoding: str) -> None:
    found = _CONTROL.search(text)
    if found and len(_CONTROL.findall(text)) > max(2, len(text) // 1000):
        raise SourceError(
            source, f"not a text file: binary data (control character {found.group(0)!r} at character "
                    f"{found.start()} when read as {encoding}); submit the table as text ({SUPPORTED_ENCODINGS}), "
                    ".xlsx, .xls, .docx, .html or .pdf")


def decode_text(data: bytes, source: str, hint: str | None = None) -> tuple[str, str]:
    """The text of `data` and the encoding it was read with; SourceError when it is not text.

    `hint` is an encoding the file itself declares (an HTML meta charset); it is tried first.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise SourceError(source, f"damaged {encoding.upper()} text: {exc.reason} at byte "
                                          f"{exc.start + len(bom)}") from None
            _check_text(text, source, encoding)
            return text, encoding + ("-bom" if encoding == "utf-8" else "")
    candidates = []
    if hint:
        candidates.append(hint)
    if b"\x00" in data:
        guess = _utf16_without_bom(data)
        if guess is None:
            position = data.index(b"\x00")
            raise SourceError(source, f"not a text file: binary data (NUL byte at offset {position}); submit the "
                                      f"table as text ({SUPPORTED_ENCODINGS}), .xlsx, .xls, .docx, .html or .pdf")
        candidates.append(guess)
    candidates += ["utf-8", "gb18030"]
    failures = []
    for encoding in dict.fromkeys(candidates):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            if isinstance(exc, UnicodeDecodeError):
                failures.append(f"not {encoding.upper()} (byte 0x{data[exc.start]:02x} at offset {exc.start})")
            continue
        _check_text(text, source, encoding)
        return text, encoding
    raise SourceError(source, "cannot decode the text: " + ", ".join(failures)
                      + f"; save it as {SUPPORTED_ENCODINGS} text")


def _comma_rows(lines: list[str]) -> bool:
    """Lines that read as rows of comma-separated cells: two or more, most of them carrying commas,
    and more than half of those the same number of them. A page's prose copied as one line, or lines of
    sentences punctuated with commas (`,` after NFKC), are not (they go to layout recovery)."""
    counts = [line.count(",") for line in lines if "," in line]
    if len(counts) < 2 or len(counts) * 2 < len(lines):
        return False
    return Counter(counts).most_common(1)[0][1] * 2 > len(counts)


def choose_delimiter(text: str, suffix: str) -> str:
    """Tab for pasted text; for .csv (or text without a single tab whose lines carry commas) the
    most frequent of comma, tab and semicolon in the first lines."""
    head = text[:20000]
    if suffix != ".csv":
        if "\t" in text:
            return "\t"
        lines = [line for line in head.splitlines() if line.strip()]
        if not _comma_rows(lines):
            return "\t"
    counts = {d: head.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=counts.get)  # type: ignore[arg-type]
    return best if counts[best] else ","


def read_text(source: str, data: bytes, suffix: str = ".txt") -> list[Grid]:
    """The grid of a text or CSV file."""
    text, encoding = decode_text(data, source)
    if encoding == "gb18030" and not any(word in text for word in FORM_WORDS):
        raise SourceError(source, "the text is neither UTF-8 nor UTF-16, and read as GB18030 it holds none of "
                                  f"{'/'.join(FORM_WORDS)}: another encoding (Big5?) or not a 绩效目标表")
    delimiter = choose_delimiter(text, suffix)
    if delimiter != "\t":
        return [Grid(source=source, rows=split_records(text, delimiter))]
    from sources.layout import recover  # raw text: pasted tabs, or a page's text in any layout

    return [recover(text, source)]
