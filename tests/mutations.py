"""A seeded mutator: malformed submissions made from the sample, for the fuzz test.

`mutants(seed, count, bases)` yields `Mutant`s, cycling through the kinds below so every kind is
tried about equally often; the same seed gives the same bytes. `bases` holds the sample as text
(UTF-8 bytes) and rendered as HTML, .xlsx and .docx.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable, Iterator


@dataclass(frozen=True)
class Mutant:
    kind: str
    name: str  # file name, with the suffix of the format it pretends to be
    data: bytes
    cut_line: int | None = None  # for a cut at a line boundary: the first line that is missing


def _lines(text: str) -> list[str]:
    return text.split("\n")


def truncated_bytes(rng: random.Random, b: dict) -> Mutant:
    data = b["text"]
    return Mutant("truncated_bytes", "t.txt", data[: rng.randrange(1, len(data))])


def truncated_lines(rng: random.Random, b: dict) -> Mutant:
    lines = _lines(b["text"].decode("utf-8"))
    cut = rng.randrange(1, len(lines))
    return Mutant("truncated_lines", "t-2024.txt", "\n".join(lines[:cut]).encode("utf-8"), cut_line=cut + 1)


def shuffled_rows(rng: random.Random, b: dict) -> Mutant:
    lines = _lines(b["text"].decode("utf-8"))
    if rng.random() < 0.3:
        rng.shuffle(lines)
    else:  # a block of rows out of order
        start = rng.randrange(len(lines) - 2)
        block = lines[start:start + rng.randrange(2, 30)]
        rng.shuffle(block)
        lines[start:start + len(block)] = block
    return Mutant("shuffled_rows", "s-2024.txt", "\n".join(lines).encode("utf-8"))


def dropped_and_doubled_rows(rng: random.Random, b: dict) -> Mutant:
    lines = _lines(b["text"].decode("utf-8"))
    for _ in range(rng.randrange(1, 20)):
        i = rng.randrange(len(lines))
        if rng.random() < 0.5:
            del lines[i]
        else:
            lines.insert(i, lines[i])
    return Mutant("dropped_and_doubled_rows", "d-2024.txt", "\n".join(lines).encode("utf-8"))


def random_bytes(rng: random.Random, b: dict) -> Mutant:
    data = bytearray(b["text"])
    for _ in range(rng.choice([1, 5, 50, 500])):
        data[rng.randrange(len(data))] = rng.randrange(256)
    if rng.random() < 0.3:
        at = rng.randrange(len(data))
        data[at:at] = rng.randbytes(rng.randrange(1, 4096))
    return Mutant("random_bytes", "r-2024.txt", bytes(data))


def pure_noise(rng: random.Random, b: dict) -> Mutant:
    suffix = rng.choice([".txt", ".csv", ".html", ".xlsx", ".docx", ".pdf", ".xls"])
    return Mutant("pure_noise", "n" + suffix, rng.randbytes(rng.randrange(1, 20000)))


def huge_cell(rng: random.Random, b: dict) -> Mutant:
    lines = _lines(b["text"].decode("utf-8"))
    i = rng.randrange(len(lines))
    cells = lines[i].split("\t")
    size = rng.choice([10_000, 100_000, 1_000_000])
    filler = rng.choice(["指标", "9", "≥", "a b ", "１２３", "（", "\"", "指标1："])
    cells[rng.randrange(len(cells))] = (filler * (size // len(filler) + 1))[:size]
    lines[i] = "\t".join(cells)
    return Mutant("huge_cell", "h-2024.txt", "\n".join(lines).encode("utf-8"))


def many_columns(rng: random.Random, b: dict) -> Mutant:
    lines = _lines(b["text"].decode("utf-8"))
    i = rng.randrange(len(lines))
    lines[i] += "\t" * rng.choice([100, 10_000, 100_000])
    return Mutant("many_columns", "c-2024.txt", "\n".join(lines).encode("utf-8"))


def wrong_encoding(rng: random.Random, b: dict) -> Mutant:
    text = b["text"].decode("utf-8")
    how = rng.choice(["gbk", "big5", "shift_jis", "utf-16-le", "utf-16-be", "utf-32", "mojibake", "mixed"])
    if how == "mojibake":  # UTF-8 read as Latin-1 and saved again as UTF-8
        data = b["text"].decode("latin-1").encode("utf-8")
    elif how == "mixed":  # half GBK, half UTF-8
        half = len(text) // 2
        data = text[:half].encode("gbk", "replace") + text[half:].encode("utf-8")
    else:
        data = text.encode(how, "replace")
    return Mutant("wrong_encoding", f"e-{how}-2024.txt", data)


def empty_tables(rng: random.Random, b: dict) -> Mutant:
    lines = _lines(b["text"].decode("utf-8"))
    how = rng.choice(["titles_only", "no_values", "blank_cells", "whitespace"])
    if how == "titles_only":
        lines = [line for line in lines if line.strip().endswith("表")]
    elif how == "no_values":
        lines = [line.split("\t")[0] for line in lines]
    elif how == "blank_cells":
        lines = ["\t".join("" for _ in line.split("\t")) for line in lines]
    else:
        lines = [" \t　\t " for _ in lines]
    return Mutant("empty_tables", f"empty-{how}.txt", "\n".join(lines).encode("utf-8"))


def stray_delimiters(rng: random.Random, b: dict) -> Mutant:
    text = b["text"].decode("utf-8")
    how = rng.choice(["commas", "quotes", "crlf", "cr", "nul"])
    if how == "commas":
        text = text.replace("\t", ",")
    elif how == "quotes":
        chars = list(text)
        for _ in range(rng.randrange(1, 40)):
            chars.insert(rng.randrange(len(chars)), '"')
        text = "".join(chars)
    elif how == "crlf":
        text = text.replace("\n", "\r\n")
    elif how == "cr":
        text = text.replace("\n", "\r")
    else:
        text = text.replace("\t", "\x00", rng.randrange(1, 10))
    return Mutant("stray_delimiters", f"delim-{how}-2024.txt", text.encode("utf-8"))


def absurd_numbers(rng: random.Random, b: dict) -> Mutant:
    text = b["text"].decode("utf-8")
    for old in ("77000.00元", "674.09", "100%", "2024", "75"):
        text = text.replace(old, rng.choice(["9" * 400, "1e999", "-0", "NaN", "∞", "１２３", "一亿亿亿", "0x1F",
                                             "99999999999999999999.999元", "-77000.00元", "1,2,3,4"]), rng.randrange(1, 4))
    return Mutant("absurd_numbers", "num-2024.txt", text.encode("utf-8"))


def deep_html(rng: random.Random, b: dict) -> Mutant:
    page = b["html"].decode("gb18030")
    depth = rng.choice([1_000, 10_000, 100_000])
    tag = rng.choice(["div", "table", "span", "td", "b"])
    how = rng.choice(["before_table", "inside_cell", "unclosed"])
    nest = f"<{tag}>" * depth
    if how == "before_table":
        page = page.replace("<table", nest + "<table", 1)
    elif how == "inside_cell":
        page = page.replace("<td>", "<td>" + nest + "x" + f"</{tag}>" * depth, 1)
    else:
        page = page.replace("</body>", nest)
    return Mutant("deep_html", f"deep-{tag}-{how}.html", page.encode("gb18030", "replace"))


def html_spans(rng: random.Random, b: dict) -> Mutant:
    page = b["html"].decode("gb18030")
    span = rng.choice(["0", "-5", "999999999", "1e9", "abc", "65535"])
    attribute = rng.choice(["rowspan", "colspan"])
    page = page.replace("<td>", f'<td {attribute}="{span}">', rng.randrange(1, 20))
    return Mutant("html_spans", f"span-{attribute}.html", page.encode("gb18030", "replace"))


def office_bytes(rng: random.Random, b: dict) -> Mutant:
    suffix = rng.choice([".xlsx", ".docx"])
    data = bytearray(b[suffix])
    how = rng.choice(["flip", "truncate"])
    if how == "flip":
        for _ in range(rng.choice([1, 10, 100])):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    else:
        del data[rng.randrange(len(data)):]
    return Mutant("office_bytes", f"office-{how}{suffix}", bytes(data))


MUTATIONS: tuple[Callable[[random.Random, dict], Mutant], ...] = (
    truncated_bytes, truncated_lines, shuffled_rows, dropped_and_doubled_rows, random_bytes, pure_noise,
    huge_cell, many_columns, wrong_encoding, empty_tables, stray_delimiters, absurd_numbers, deep_html,
    html_spans, office_bytes,
)


def mutants(seed: int, count: int, bases: dict) -> Iterator[Mutant]:
    rng = random.Random(seed)
    for n in range(count):
        yield MUTATIONS[n % len(MUTATIONS)](rng, bases)
