"""Tab-separated text (pasted from Word or Excel, Excel's "Unicode text") and CSV.

The encoding is detected: a BOM (UTF-8, UTF-16, UTF-32) wins; then UTF-16 without a BOM (NUL
bytes on one side of each pair); then UTF-8; then GB18030 (a superset of GBK and GB2312). Text
that decodes but carries binary control bytes is refused as binary. A cell may be quoted the way
Excel writes it ("a ""b"" c", line breaks inside); a quote that does not close a cell is text.
Line numbers are the file's lines (a record's first line when a quoted cell spans several).
"""

from __future__ import annotations

import re

from sources.errors import SourceError
from sources.grid import Grid, Row
from sources.readers.common import FORM_WORDS

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # not \v or \f: Word pastes line breaks in cells as \v
_MAX_QUOTED_LINES = 20  # a quoted cell longer than this is a stray quote, not a cell
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


def _quoted_cell(lines: list[str], j: int, pos: int, delimiter: str) -> tuple[str, int, int] | None:
    """The quoted cell starting at lines[j][pos] ('"'): (text, line index, position after the
    closing quote), or None when the quote does not close a cell (then it is plain text)."""
    parts: list[str] = []
    line, k = lines[j], pos + 1
    while True:
        q = line.find('"', k)
        if q == -1:
            parts.append(line[k:])
            j += 1
            if j >= len(lines) or len(parts) > _MAX_QUOTED_LINES:
                return None
            parts.append("\n")
            line, k = lines[j], 0
            continue
        if line[q + 1: q + 2] == '"':
            parts.append(line[k:q] + '"')
            k = q + 2
            continue
        if q + 1 == len(line) or line[q + 1] == delimiter:
            parts.append(line[k:q])
            return "".join(parts), j, q + 1
        return None


def split_records(text: str, delimiter: str = "\t") -> list[Row]:
    """Rows of `delimiter`-separated cells with their 1-based line numbers."""
    if text.startswith("\ufeff"):
        text = text[1:]
    newline = "\n" if "\n" in text or "\r" not in text else "\r"
    return records_of_lines([line.removesuffix("\r") for line in text.split(newline)], delimiter,
                            quoted='"' in text)


def records_of_lines(lines: list[str], delimiter: str = "\t", quoted: bool = True) -> list[Row]:
    """`split_records` of text already split into lines (numbered from 1)."""
    if not quoted:  # no quoted cell anywhere: one row per line
        return [Row(tuple(line.split(delimiter)), n) for n, line in enumerate(lines, start=1)]
    rows = []
    j = 0
    while j < len(lines):
        line = lines[j]
        if '"' not in line:
            rows.append(Row(cells=tuple(line.split(delimiter)), line=j + 1))
            j += 1
            continue
        first, cells, pos = j, [], 0
        while True:
            quoted = _quoted_cell(lines, j, pos, delimiter) if line[pos:pos + 1] == '"' else None
            if quoted:
                cell, j, pos = quoted
                line = lines[j]
            else:
                end = line.find(delimiter, pos)
                end = len(line) if end == -1 else end
                cell, pos = line[pos:end], end
            cells.append(cell)
            if pos >= len(line):
                break
            pos += 1  # the delimiter
        rows.append(Row(cells=tuple(cells), line=first + 1))
        j += 1
    return rows


def choose_delimiter(text: str, suffix: str) -> str:
    """Tab for pasted text; for .csv (or text without a single tab whose lines carry commas) the
    most frequent of comma, tab and semicolon in the first lines."""
    head = text[:20000]
    if suffix != ".csv":
        if "\t" in text:
            return "\t"
        lines = [line for line in head.splitlines() if line.strip()]
        if not lines or sum("," in line for line in lines) * 2 < len(lines):
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
