"""Files that cannot be read each give one clear line naming the file, and the batch goes on."""

from __future__ import annotations

import random
import shutil

import pytest

from sources.submission import parse_submission
from tests.fixtures.render import SAMPLE, render_docx, render_image_pdf, render_xlsx
from warehouse.ingest import ingest


def truncated_xlsx(folder):
    whole = render_xlsx(SAMPLE.read_text(encoding="utf-8"), folder, name="whole.xlsx")
    data = whole.read_bytes()
    whole.unlink()
    path = folder / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def truncated_docx(folder):
    whole = render_docx(SAMPLE.read_text(encoding="utf-8"), folder)
    data = whole.read_bytes()
    whole.unlink()
    path = folder / "truncated.docx"
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def write(name: str, data: bytes):
    def make(folder):
        path = folder / name
        path.write_bytes(data)
        return path
    return make


# name -> (how to make it, words the error must contain)
CORRUPT = {
    "truncated.xlsx": (truncated_xlsx, ["damaged or truncated .xlsx", "zip archive"]),
    "truncated.docx": (truncated_docx, ["damaged or truncated .docx"]),
    "not-a-zip.docx": (write("not-a-zip.docx", "这不是一个Word文件，只是文字。".encode("utf-8")),
                       ["not a valid .docx file", "expected a zip archive, found text"]),
    "empty.txt": (write("empty.txt", b""), ["the file is empty"]),
    "blank.csv": (write("blank.csv", b"\r\n \n\t\n"), ["the file is empty"]),
    "random-bytes.txt": (write("random-bytes.txt", random.Random(4).randbytes(4096)), ["not a text file", "binary"]),
    "photo.txt": (write("photo.txt", b"\x89PNG\r\n\x1a\n" + random.Random(5).randbytes(512)),
                  ["a PNG image, not a table"]),
    "scan.pdf": (lambda folder: render_image_pdf(folder, "scan.pdf"), ["no text layer", "scanned"]),
    "broken.pdf": (write("broken.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog"), ["cannot read this PDF file"]),
    "old-word.doc.docx": (write("old-word.doc.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le")
                                + bytes(600)), ["an old Word .doc file", "save it as .docx"]),
    "not-really.xls": (write("not-really.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
                       ["cannot read this Excel .xls file"]),
    "latin1.txt": (write("latin1.txt", "Caf\xe9 cr\xe8me \xe0 la carte\n".encode("latin-1") * 3),
                   ["cannot decode the text", "not UTF-8 (byte 0xe9 at offset 3)", "not GB18030"]),
    "big5.txt": (write("big5.txt", "項目支出績效目標表\n項目名稱\t職業培訓補貼\n".encode("big5")),
                 ["read as GB18030 it holds none of 绩效/指标", "Big5"]),
}


@pytest.mark.parametrize("name", list(CORRUPT))
def test_one_clear_line_naming_the_file(name, tmp_path):
    make, words = CORRUPT[name]
    path = make(tmp_path)
    parsed = parse_submission(path)
    assert parsed.tables == []
    assert parsed.error.startswith(f"{path}: ")
    assert "\n" not in parsed.error and "Traceback" not in parsed.error and len(parsed.error) < 400
    for word in words:
        assert word in parsed.error


def test_the_batch_goes_on(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for make, _ in CORRUPT.values():
        make(inbox)
    shutil.copy(SAMPLE, inbox / SAMPLE.name)
    (inbox / "~$wuchuan-hrss-2024.docx").write_bytes(b"\x00owner file of an open Word document")
    report = ingest([inbox], tmp_path / "jixiao.duckdb")
    assert [p.path for p in report.loaded] == [str(inbox / SAMPLE.name)]
    assert sorted(p.path for p in report.rejected) == sorted(str(inbox / name) for name in CORRUPT)
    for parsed in report.rejected:
        assert parsed.error.startswith(parsed.path + ": ") and "\n" not in parsed.error
    assert report.skipped == []  # the Office owner file is passed over silently, not reported
    assert sum(len(table.indicators) for table in report.loaded[0].tables) == 84


@pytest.mark.parametrize("name", ["xlsx", "xls", "docx", "html", "utf-16", "csv-utf-8-bom"])
def test_damaged_bytes_never_crash_the_reader(name, tmp_path):
    """Each rendering of the sample cut short or with bytes overwritten: the result is tables or one
    clear line, never a library's exception or a parser crash."""
    from tests.fixtures.render import renderings

    path = renderings()[name][0](SAMPLE.read_text(encoding="utf-8"), tmp_path)
    data = path.read_bytes()
    rng = random.Random(name)
    for attempt in range(16):
        if attempt % 2:
            damaged = data[: rng.randrange(1, len(data))]
        else:
            damaged = bytearray(data)
            for _ in range(rng.randrange(1, 20)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        parsed = parse_submission(path, data=bytes(damaged))
        if parsed.error:
            assert parsed.error.startswith(f"{path}: ") and "\n" not in parsed.error
            assert "internal error" not in parsed.error, parsed.error
        else:
            assert parsed.tables
