"""The format fuzzer's mutations of files without a zip/XML layer (tests/format_mutations.py): the
BIFF records of the .xls rendering (dimensions, merged ranges, code page, record lengths) and the
PDF's bytes, objects and page content (streams, cross-reference table, /Length, page trees that
contain themselves, /Count, MediaBox, CMaps, dropped objects, text strings, operators, ruling
lines and positions)."""

from __future__ import annotations

import base64
import random
import re
import zlib
from typing import Callable


def sub_some(rng: random.Random, pattern: bytes, data: bytes, make: Callable[[re.Match], bytes], share: float) -> bytes:
    """Replace a random share of the matches of `pattern`."""
    return re.sub(pattern, lambda m: make(m) if rng.random() < share else m.group(0), data)


# BIFF8 records of the .xls rendering: type, length, body
_BOF, _EOF, _DIMENSIONS, _MERGEDCELLS, _CODEPAGE = 0x0809, 0x000A, 0x0200, 0x00E5, 0x0042


def _records(data: bytes) -> list[tuple[int, int, int]]:
    """(offset, type, length) of the workbook stream's records, from its first BOF (the rendering
    writes the stream in one run after the 512-byte header)."""
    found, at = [], data.find(b"\x09\x08\x10\x00")
    while 0 <= at <= len(data) - 4:
        kind, length = int.from_bytes(data[at:at + 2], "little"), int.from_bytes(data[at + 2:at + 4], "little")
        if kind == 0 and length == 0:
            break
        found.append((at, kind, length))
        at += 4 + length
    return found


def _put(data: bytearray, at: int, value: int, size: int) -> None:
    data[at:at + size] = (value % (1 << (8 * size))).to_bytes(size, "little")


def xls_records(rng, data):
    out = bytearray(data)
    records = _records(data)
    how = rng.choice(["dimensions", "merges", "codepage", "lengths", "flip", "cut"])
    if how == "dimensions":
        for at, kind, _ in records:
            if kind == _DIMENSIONS:
                _put(out, at + 8, rng.choice([0, 1, 65_536, 1_048_576, 2**32 - 1]), 4)  # last row + 1
                _put(out, at + 14, rng.choice([0, 1, 256, 16_384, 65_535]), 2)  # last column + 1
    elif how == "merges":
        for at, kind, length in records:
            if kind == _MERGEDCELLS:
                for n in range(int.from_bytes(out[at + 4:at + 6], "little")):
                    if rng.random() < 0.5 and at + 6 + 8 * n + 8 <= at + 4 + length:
                        _put(out, at + 6 + 8 * n + rng.choice([0, 2, 4, 6]), rng.choice([0, 255, 65_535, 30_000]), 2)
    elif how == "codepage":
        for at, kind, _ in records:
            if kind == _CODEPAGE:
                _put(out, at + 4, rng.choice([936, 950, 1200, 65001, 0, 12345, 932, 1252]), 2)
    elif how == "lengths":
        for at, _, _ in rng.sample(records, min(len(records), rng.choice([1, 3, 10]))):
            _put(out, at + 2, rng.choice([0, 1, 8224, 65535]), 2)
    elif how == "flip":
        for _ in range(rng.choice([1, 10, 100])):
            out[rng.randrange(512, len(out))] ^= 1 << rng.randrange(8)
    else:
        del out[rng.randrange(len(out)):]
    return bytes(out)


def pdf_bytes(rng, data):
    out = bytearray(data)
    how = rng.choice(["flip_stream", "cut", "xref", "startxref", "lengths"])
    streams = [m.end() for m in re.finditer(rb"stream\r?\n", data)]
    if how == "flip_stream" and streams:
        for _ in range(rng.choice([1, 10, 100])):
            at = rng.choice(streams) + rng.randrange(200)
            out[min(at, len(out) - 1)] ^= 1 << rng.randrange(8)
    elif how == "cut":
        del out[rng.randrange(len(out)):]
    elif how == "xref":
        return re.sub(rb"\n([0-9]{10}) 00000 n", lambda m: b"\n%010d 00000 n" % rng.randrange(len(data) * 2)
                      if rng.random() < 0.3 else m.group(0), data)
    elif how == "startxref":
        return re.sub(rb"startxref\s+[0-9]+", b"startxref\n%d" % rng.choice([0, 1, 999999999]), data)
    else:
        return re.sub(rb"/Length ([0-9]+)", lambda m: b"/Length %d" % rng.choice([0, 1, 10**9, int(m.group(1)) * 2]), data)
    return bytes(out)


def pdf_objects(rng, data):
    how = rng.choice(["page_loop", "parent_loop", "kids_missing", "count_lie", "mediabox", "fonts", "drop_object"])
    if how == "page_loop":  # the page tree lists itself among its kids
        return re.sub(rb"/Kids \[", lambda m: m.group(0) + _pages_ref(data) + b" ", data, count=1)
    if how == "parent_loop":
        return re.sub(rb"/Parent [0-9]+ 0 R", lambda m: b"/Parent " + _page_ref(rng, data), data)
    if how == "kids_missing":
        return re.sub(rb"/Kids \[[^\]]*\]", b"/Kids [ 999 0 R 1000 0 R ]", data)
    if how == "count_lie":
        return re.sub(rb"/Count [0-9]+", b"/Count %d" % rng.choice([0, -1, 10**9]), data)
    if how == "mediabox":
        box = rng.choice([b"[0 0 0 0]", b"[0 0 1e30 1e30]", b"[0 0 -842 -595]", b"[ 1 2 ]", b"(box)"])
        return re.sub(rb"/MediaBox \[[^\]]*\]", b"/MediaBox " + box, data)
    if how == "fonts":
        return data.replace(b"/UniGB-UCS2-H", rng.choice([b"/Identity-H", b"/UniJIS-UCS2-H", b"/Junk", b"/UniGB-UTF16-H"]))
    objects = [m.span() for m in re.finditer(rb"\n[0-9]+ 0 obj.*?endobj", data, flags=re.S)]
    start, end = rng.choice(objects)
    return data[:start] + data[end:]


def _pages_ref(data: bytes) -> bytes:
    match = re.search(rb"\n([0-9]+) 0 obj\s*<<\s*/Count", data) or re.search(rb"/Pages ([0-9]+) 0 R", data)
    return (match.group(1) if match else b"1") + b" 0 R"


def _page_ref(rng: random.Random, data: bytes) -> bytes:
    pages = re.findall(rb"\n([0-9]+) 0 obj\s*<<[^>]*?/Type /Page\b", data) or [b"1"]
    return rng.choice(pages) + b" 0 R"


_COMPRESSED = re.compile(rb"/Filter \[ /ASCII85Decode /FlateDecode \] /Length [0-9]+(\s*>>\s*stream\r?\n)(.*?)endstream", re.S)


def uncompressed_pdf(data: bytes) -> bytes:
    """The rendering with its streams (ReportLab: ASCII85 over Flate) stored plain, the
    cross-reference table rebuilt: page content a mutator can read and edit."""
    def plain(m: re.Match) -> bytes:
        content = zlib.decompress(base64.a85decode(m.group(2).strip().removesuffix(b"~>")))
        return b"/Length %d" % len(content) + m.group(1) + content + b"\nendstream"
    return reindexed(_COMPRESSED.sub(plain, data))


def reindexed(data: bytes) -> bytes:
    """The PDF with its xref table and startxref pointing at where its objects now are."""
    offsets = {int(m.group(1)): m.start() + 1 for m in re.finditer(rb"\n([0-9]+) 0 obj", data)}
    start = data.rfind(b"\nxref\n") + 1
    size = max(offsets) + 1
    table = b"xref\n0 %d\n0000000000 65535 f \n" % size + b"".join(
        b"%010d 00000 n \n" % offsets.get(n, 0) for n in range(1, size))
    trailer = data[data.index(b"trailer", start):]
    trailer = re.sub(rb"startxref\s+[0-9]+", b"startxref\n%d" % start, trailer)
    return data[:start] + table + trailer


def pdf_text(rng, data):
    """The page content, stored plain: text strings, operators and ruling lines damaged."""
    how = rng.choice(["strings", "operators", "lines_dropped", "text_moved"])
    if how == "strings":
        edited = sub_some(rng, rb"\(((?:[^()\\]|\\.)*)\) Tj", data, lambda m: b"(" + rng.choice([
            m.group(1)[::-1], m.group(1)[1:], b"\\377\\376" + m.group(1), rng.randbytes(8).replace(b")", b"")
            .replace(b"(", b"").replace(b"\\", b""), b""]) + b") Tj", 0.2)
    elif how == "operators":
        edited = sub_some(rng, rb" (Tj|Tf|re|m|l|S|BT|ET|cm|Td)\b", data, lambda m: b" " + rng.choice(
            [b"Tj", b"TJ", b"q", b"Q", b"zz", b"ET", b"BT", b"cm"]), 0.05)
    elif how == "lines_dropped":
        edited = sub_some(rng, rb"[-0-9.]+ [-0-9.]+ m\s+[-0-9.]+ [-0-9.]+ l", data, lambda m: b"", 0.3)
    else:
        edited = sub_some(rng, rb"1 0 0 1 ([-0-9.]+) ([-0-9.]+) cm", data, lambda m: b"1 0 0 1 %d %d cm" % (
            rng.randrange(-2000, 2000), rng.randrange(-2000, 2000)), 0.1)
    return reindexed(_fix_lengths(edited))


def _fix_lengths(data: bytes) -> bytes:
    return re.sub(rb"/Length [0-9]+(\s*>>\s*stream\r?\n)(.*?)\nendstream",
                  lambda m: b"/Length %d" % len(m.group(2)) + m.group(1) + m.group(2) + b"\nendstream", data, flags=re.S)
