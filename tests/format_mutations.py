"""A seeded format-level mutator, beside the text one (tests/mutations.py): damaged .xlsx, .xls,
.docx, .html and .pdf files made from the sample's renderings (tests/fixtures/render.py).

Each format has its own kinds of damage, at the level of the format: zip members dropped, cut,
doubled or corrupt; XML flipped, cut, padded with junk or declared in the wrong encoding; sheet
dimensions and cell references far out; merged ranges inverted, overlapping or absurd; styles and
number formats broken; shared-string indexes out of range; Word spans and vertical merges
scrambled; BIFF records of an .xls with wrong dimensions, merges, code pages or lengths; HTML with
lying charsets, broken tags, absurd spans and entities; PDF objects, streams, cross-reference
tables and page boxes damaged, and page trees that point at themselves (the .xls and PDF ones in
tests/format_mutations_records.py).

`format_mutants(seed, per_format, bases)` yields `per_format` mutants of each format, interleaved,
cycling through each format's kinds; `bases` maps a format to the rendering's bytes (the PDF's
streams stored plain: `uncompressed_pdf`). The same seed and bases give the same bytes.
"""

from __future__ import annotations

import io
import random
import re
import warnings
import zipfile
from dataclasses import dataclass
from typing import Callable, Iterator

from tests.format_mutations_records import (pdf_bytes, pdf_objects, pdf_text, sub_some as _sub_some,
                                             uncompressed_pdf, xls_records)  # noqa: F401 (uncompressed_pdf: for the bases)

FORMATS = ("xlsx", "xls", "docx", "html", "pdf")


@dataclass(frozen=True)
class FormatMutant:
    fmt: str
    kind: str
    data: bytes


# --- zip and XML -------------------------------------------------------------------------------

def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _zip(members: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", compression) as archive:
        warnings.simplefilter("ignore")  # "Duplicate name": a doubled member is the point
        for name, content in members:
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), content)
    return out.getvalue()


def _edit(data: bytes, part: str, edit: Callable[[bytes], bytes]) -> bytes:
    return _zip([(name, edit(content) if name == part else content) for name, content in _members(data)])


def _xml_parts(data: bytes) -> list[str]:
    return [name for name, _ in _members(data) if name.endswith((".xml", ".rels"))]


def xml_damage(rng: random.Random, xml: bytes) -> bytes:
    how = rng.choice(["flip", "drop_close", "junk", "cut", "deep", "duplicate"])
    data = bytearray(xml)
    if how == "flip":
        for _ in range(rng.choice([1, 10, 100])):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    elif how == "drop_close":
        closes = [m.span() for m in re.finditer(rb"</[^>]+>", xml)]
        for start, end in sorted(rng.sample(closes, min(len(closes), rng.choice([1, 5, 50]))), reverse=True):
            del data[start:end]
    elif how == "junk":
        for _ in range(rng.randrange(1, 20)):
            at = rng.randrange(len(data))
            data[at:at] = rng.choice([b"<x", b"&bogus;", b"<![CDATA[", b"\x00", b"\xff\xfe", b"\xe4\xb8", b"]]>",
                                      b"&#0;", b"&#x110000;", b"<?pi?>", b"</", b'"'])
    elif how == "cut":
        del data[rng.randrange(len(data)):]
    elif how == "deep":
        at = xml.find(b">", xml.find(b"<", 1)) + 1
        depth = rng.choice([1000, 10000, 100000])
        data[at:at] = b"<d>" * depth + b"</d>" * depth
    else:  # an element repeated
        elements = [m.span() for m in re.finditer(rb"<(\w+:)?(row|tr|tc|c|p|r)\b[^>]*/>", xml)] or [(0, 0)]
        start, end = rng.choice(elements)
        data[end:end] = xml[start:end] * rng.choice([2, 100, 10000])
    return bytes(data)


def xml_encoding(rng: random.Random, xml: bytes) -> bytes:
    body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", xml)
    how = rng.choice(["declared_gbk", "declared_utf16", "utf16_declared_utf8", "bom_and_latin1", "invalid_utf8"])
    if how == "declared_gbk":
        return b'<?xml version="1.0" encoding="GBK"?>' + body
    if how == "declared_utf16":
        return b'<?xml version="1.0" encoding="UTF-16"?>' + body
    if how == "utf16_declared_utf8":
        return ('<?xml version="1.0" encoding="UTF-8"?>' + body.decode("utf-8", "replace")).encode("utf-16")
    if how == "bom_and_latin1":
        return b"\xef\xbb\xbf" + b'<?xml version="1.0" encoding="ISO-8859-1"?>' + body
    cut = body.find("指".encode()) if "指".encode() in body else len(body) // 2
    return body[:cut] + b"\xe6\x8c" + body[cut + 3:]


def zip_damage(rng: random.Random, data: bytes) -> bytes:
    members = _members(data)
    how = rng.choice(["drop", "cut", "double", "corrupt", "stored", "bloat", "rename"])
    i = rng.randrange(len(members))
    if how == "drop":
        del members[i]
    elif how == "cut":
        name, content = members[i]
        members[i] = (name, content[: rng.randrange(len(content) + 1)])
    elif how == "double":
        members.insert(rng.randrange(len(members)), (members[i][0], rng.randbytes(rng.randrange(1, 2000))))
    elif how == "corrupt":  # a byte of the compressed data: CRC or inflate errors
        raw = bytearray(_zip(members))
        for _ in range(rng.choice([1, 4])):
            raw[rng.randrange(30, len(raw) - 22)] ^= 0xFF
        return bytes(raw)
    elif how == "stored":
        return _zip(members, zipfile.ZIP_STORED)
    elif how == "bloat":
        name, content = members[i]
        members[i] = (name, content + b" " * rng.choice([10_000, 3_000_000]))
    else:
        name, content = members[i]
        members[i] = (name.upper() if rng.random() < 0.5 else name + ".bak", content)
    return _zip(members)


# --- per format --------------------------------------------------------------------------------

def _ref(rng: random.Random) -> bytes:
    column = rng.choice(["A", "F", "Z", "AA", "XFD", "ZZZ", "XFE"])
    row = rng.choice([1, 100, 275, 10_000, 1_048_576, 9_999_999])
    return f"{column}{row}".encode()


def _xlsx_sheet(data: bytes, edit: Callable[[bytes], bytes]) -> bytes:
    return _edit(data, "xl/worksheets/sheet1.xml", edit)


def xlsx_members(rng, data):
    return zip_damage(rng, data)


def xlsx_xml(rng, data):
    part = rng.choice(_xml_parts(data) + ["xl/worksheets/sheet1.xml"] * 3)
    return _edit(data, part, lambda xml: (xml_damage if rng.random() < 0.7 else xml_encoding)(rng, xml))


def xlsx_dimensions(rng, data):
    def edit(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:' + _ref(rng) + b'"', xml)
        share = rng.choice([0.001, 0.01, 0.2])
        xml = _sub_some(rng, rb'<c r="[A-Z]+[0-9]+"', xml, lambda m: b'<c r="' + _ref(rng) + b'"', share)
        return _sub_some(rng, rb'<row r="[0-9]+"', xml,
                         lambda m: b'<row r="%d"' % rng.choice([0, -1, 1, 1_048_577, 10**12]), share)
    return _xlsx_sheet(data, edit)


def xlsx_merges(rng, data):
    def edit(xml: bytes) -> bytes:
        how = rng.choice(["inverted", "absurd", "junk", "many"])
        if how == "many":
            extra = b"".join(b'<mergeCell ref="A%d:F%d"/>' % (r, r + rng.randrange(1, 5)) for r in range(1, 5000))
            return xml.replace(b"</mergeCells>", extra + b"</mergeCells>")
        def one(m: re.Match) -> bytes:
            if how == "inverted":
                return b'<mergeCell ref="' + b":".join(reversed(m.group(1).split(b":"))) + b'"/>'
            if how == "absurd":
                return b'<mergeCell ref="A1:' + _ref(rng) + b'"/>'
            return b'<mergeCell ref="' + rng.choice([b"A1:", b":", b"A0:B0", b"B2:A", b"1:2", b""]) + b'"/>'
        return _sub_some(rng, rb'<mergeCell ref="([^"]*)"/>', xml, one, rng.choice([0.05, 0.5, 1.0]))
    return _xlsx_sheet(data, edit)


def xlsx_styles(rng, data):
    def styles(xml: bytes) -> bytes:
        xml = _sub_some(rng, rb'numFmtId="[0-9]+"', xml,
                        lambda m: b'numFmtId="%d"' % rng.choice([9, 10, 14, 49, 164, 9999, -1]), 0.5)
        if rng.random() < 0.3:
            xml = re.sub(rb"<cellXfs.*?</cellXfs>", b"", xml, flags=re.S)
        if rng.random() < 0.3:
            xml = xml.replace(b"<numFmts count=\"0\"/>", b'<numFmts count="1"><numFmt numFmtId="164" formatCode="'
                              + rng.choice([b"0%", b'"%"0', b"[Red]0.0%", b"\\%", b"%%%%", b"0.00E+00%"]) + b'"/></numFmts>')
        return xml
    if rng.random() < 0.5:
        return _edit(data, "xl/styles.xml", styles)
    return _xlsx_sheet(data, lambda xml: _sub_some(rng, rb'<c r="([A-Z]+[0-9]+)"', xml, lambda m: m.group(0)
                                                   + b' s="%d"' % rng.choice([1, 2, 99999, -1]), 0.3))


def xlsx_cell_types(rng, data):
    def edit(xml: bytes) -> bytes:
        return _sub_some(rng, rb'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")?( t="\w+")?>', xml, lambda m: b'<c r="'
                         + m.group(1) + b'" t="' + rng.choice([b"s", b"n", b"b", b"d", b"e", b"str", b"zz"]) + b'">',
                         rng.choice([0.01, 0.1, 0.5]))
    return _xlsx_sheet(data, edit)


def docx_members(rng, data):
    return zip_damage(rng, data)


def docx_xml(rng, data):
    part = rng.choice(_xml_parts(data) + ["word/document.xml"] * 4)
    return _edit(data, part, lambda xml: (xml_damage if rng.random() < 0.7 else xml_encoding)(rng, xml))


def docx_spans(rng, data):
    def edit(xml: bytes) -> bytes:
        values = [b"0", b"-1", b"2", b"64", b"999999", b"abc", b"1e9", b""]
        xml = _sub_some(rng, rb'<w:gridSpan w:val="[^"]*"/>', xml,
                        lambda m: b'<w:gridSpan w:val="' + rng.choice(values) + b'"/>', rng.choice([0.1, 0.5, 1.0]))
        xml = _sub_some(rng, rb"<w:vMerge(?: w:val=\"\w+\")?/>", xml, lambda m: rng.choice(
            [b'<w:vMerge w:val="restart"/>', b"<w:vMerge/>", b'<w:vMerge w:val="junk"/>', b""]), 0.5)
        if rng.random() < 0.3:  # spans added where there were none
            xml = _sub_some(rng, rb"<w:tcPr>", xml, lambda m: m.group(0) + b'<w:gridSpan w:val="%d"/>'
                            % rng.choice([2, 5, 1000]), 0.1)
        if rng.random() < 0.2:
            xml = re.sub(rb"<w:tblGrid>.*?</w:tblGrid>", b"", xml, flags=re.S)
        return xml
    return _edit(data, "word/document.xml", edit)


def docx_tables(rng, data):
    def edit(xml: bytes) -> bytes:
        how = rng.choice(["nested", "rows_dropped", "cells_dropped", "text_split"])
        if how == "nested":  # a table inside a cell
            tables = re.findall(rb"<w:tbl>.*?</w:tbl>", xml, flags=re.S)
            inner = tables[0] if tables else b""
            return _sub_some(rng, rb"</w:tc>", xml, lambda m: inner + b"<w:p/>" + m.group(0), 0.02)
        if how == "rows_dropped":
            return _sub_some(rng, rb"<w:tr[ >].*?</w:tr>", xml, lambda m: b"", 0.2)
        if how == "cells_dropped":
            return _sub_some(rng, rb"<w:tc>.*?</w:tc>", xml, lambda m: b"", 0.1)
        return _sub_some(rng, rb"<w:t>([^<]{2,})</w:t>", xml, lambda m: b"<w:t>" + m.group(1)[:3] + b"</w:t></w:r><w:r><w:t>"
                         + m.group(1)[3:] + b"</w:t>", 0.5)
    return _edit(data, "word/document.xml", edit)


def html_encoding(rng, data):
    page = data.decode("gb18030")
    how = rng.choice(["utf8_meta_gb", "gb_meta_utf8", "big5_meta", "bom_mismatch", "no_meta", "mixed", "utf16"])
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    if how == "utf8_meta_gb":
        return page.encode("utf-8")
    if how == "gb_meta_utf8":
        return page.replace(meta, '<meta charset="utf-8">').encode("gb18030")
    if how == "big5_meta":
        return page.replace(meta, '<meta charset="big5">').encode("gb18030")
    if how == "bom_mismatch":
        return b"\xef\xbb\xbf" + page.encode("gb18030")
    if how == "no_meta":
        return page.replace(meta, "").encode(rng.choice(["gb18030", "utf-8"]))
    if how == "mixed":
        half = len(page) // 2
        return page[:half].encode("gb18030") + page[half:].encode("utf-8")
    return page.encode("utf-16")


def html_spans(rng, data):
    page = data.decode("gb18030")
    values = ["0", "-1", "2", "1000", "999999999", "2.5", "3abc", "", "0x10"]
    page = re.sub(r"<td(?: (?:rowspan|colspan)=\"[0-9]+\")*>", lambda m: m.group(0) if rng.random() > 0.1 else
                  f'<td {rng.choice(["rowspan", "colspan"])}="{rng.choice(values)}">', page)
    return page.encode("gb18030", "replace")


def html_tags(rng, data):
    page = data.decode("gb18030")
    how = rng.choice(["drop_close", "stray_table", "nested_table", "th", "cut"])
    if how == "drop_close":
        tag = rng.choice(["</td>", "</tr>", "</table>"])
        page = re.sub(re.escape(tag), lambda m: "" if rng.random() < 0.3 else m.group(0), page)
    elif how == "stray_table":
        page = re.sub("</tr>", lambda m: m.group(0) + ("</table>" if rng.random() < 0.02 else ""), page)
    elif how == "nested_table":
        page = re.sub("<td>", lambda m: m.group(0) + ("<table><tr><td>指标1</td><td>x</td></tr></table>"
                                                     if rng.random() < 0.05 else ""), page)
    elif how == "th":
        page = page.replace("<td", "<th").replace("</td>", "</th>")
    else:
        page = page[: rng.randrange(len(page))]
    return page.encode("gb18030", "replace")


def html_entities_and_styles(rng, data):
    page = data.decode("gb18030")
    junk = ["&#0;", "&#x110000;", "&#xD800;", "&bogus;", "&" + "a" * 5000 + ";", "&nbsp;" * 1000, "\x00", "\ufeff",
            '<span style="display:none">隐藏</span>', "<br>" * 50, "<style>td{display:none}</style>",
            "<!--", "<script>document.write('<table>')</script>"]
    cells = [m.end() for m in re.finditer(r"<td[^>]*>", page)]
    for at in sorted(rng.sample(cells, min(len(cells), rng.choice([1, 10, 100]))), reverse=True):
        page = page[:at] + rng.choice(junk) + page[at:]
    return page.encode("gb18030", "replace")


KINDS: dict[str, tuple[Callable[[random.Random, bytes], bytes], ...]] = {
    "xlsx": (xlsx_members, xlsx_xml, xlsx_dimensions, xlsx_merges, xlsx_styles, xlsx_cell_types),
    "xls": (xls_records,),
    "docx": (docx_members, docx_xml, docx_spans, docx_tables),
    "html": (html_encoding, html_spans, html_tags, html_entities_and_styles),
    "pdf": (pdf_bytes, pdf_objects, pdf_text),
}


def format_mutants(seed: int, per_format: int, bases: dict[str, bytes]) -> Iterator[FormatMutant]:
    rng = random.Random(seed)
    for n in range(per_format):
        for fmt in FORMATS:
            kinds = KINDS[fmt]
            mutate = kinds[n % len(kinds)]
            yield FormatMutant(fmt, mutate.__name__, mutate(rng, bases[fmt]))
