"""Property 4, hostile files: zip bombs dressed as .xlsx/.docx, XML entity expansion and external
entities, absurdly large files, names with control characters or `..`, symlinks leading out of the
landing folder. Each is refused with one line naming the file, and the batch goes on."""

from __future__ import annotations

import io
import os
import struct
import zipfile

import pytest
from click.testing import CliRunner

from pipelines.cli import main
from sources.limits import Limits, current_limits, parse_size
from sources.safe_zip import check_office_zip
from sources.submission import parse_submission
from tests.fixtures.render import render_docx, render_xlsx
from warehouse.file_guard import printable_name
from warehouse.folders import archive_folder
from warehouse.ingest import discover, ingest


@pytest.fixture(scope="module")
def office(tmp_path_factory, sample_text):
    folder = tmp_path_factory.mktemp("office")
    return {".docx": render_docx(sample_text, folder).read_bytes(),
            ".xlsx": render_xlsx(sample_text, folder).read_bytes()}


MAIN_PART = {".docx": "word/document.xml", ".xlsx": "xl/worksheets/sheet1.xml"}


def repack(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """The zip with some members' content replaced and others added (compressed with deflate)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, (replace or {}).get(info.filename, source.read(info)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def refusal(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    result = parse_submission(path)
    assert result.error is not None and result.tables == []
    assert result.error.startswith(f"{path}: ") and "\n" not in result.error
    assert "internal error" not in result.error
    return result.error


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_the_rendered_office_files_pass_the_guard(office, suffix):
    check_office_zip(f"sample{suffix}", office[suffix])
    assert len(parse_submission(f"sample{suffix}", data=office[suffix]).tables) == 14


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_a_zip_bomb_is_refused_by_its_ratio(tmp_path, office, suffix):
    part = MAIN_PART[suffix]
    original = zipfile.ZipFile(io.BytesIO(office[suffix])).read(part)
    bomb = repack(office[suffix], replace={part: original + b" " * (40 * 2**20)})  # 40 MiB of padding
    assert len(bomb) < 2**20  # under 1 MiB on disk
    error = refusal(tmp_path, f"bomb{suffix}", bomb)
    assert "refused as a zip bomb" in error and repr(part) in error and "JIXIAO_MAX_ZIP_RATIO" in error


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_too_many_bytes_or_members_are_refused_with_configurable_limits(tmp_path, office, suffix, monkeypatch):
    monkeypatch.setenv("JIXIAO_MAX_ZIP_BYTES", "64KiB")
    assert "over the limit of 64.0 KiB (JIXIAO_MAX_ZIP_BYTES)" in refusal(tmp_path, f"big{suffix}", office[suffix])
    monkeypatch.delenv("JIXIAO_MAX_ZIP_BYTES")
    many = repack(office[suffix], add={f"customXml/item{n}.xml": b"<a/>" for n in range(30)})
    monkeypatch.setenv("JIXIAO_MAX_ZIP_MEMBERS", "20")
    assert "members, over the limit of 20 (JIXIAO_MAX_ZIP_MEMBERS)" in refusal(tmp_path, f"many{suffix}", many)
    monkeypatch.delenv("JIXIAO_MAX_ZIP_MEMBERS")
    assert parse_submission(tmp_path / f"many{suffix}").error is None  # within the default limits


def test_a_zip_whose_headers_lie_about_the_size_is_refused(tmp_path, office):
    """A member that declares 1 KiB but inflates to 20 MiB: zipfile stops at the declared size and
    the CRC fails, so nothing past the declared size is ever inflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("[Content_Types].xml", b"<Types/>")
        target.writestr("word/document.xml", b"<w:document>" + b"A" * (20 * 2**20) + b"</w:document>")
    data = bytearray(out.getvalue())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header, central directory
        start = 0
        while (found := data.find(signature, start)) != -1:
            name_length = struct.unpack_from("<H", data, found + (26 if signature == b"PK\x03\x04" else 28))[0]
            name_at = found + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + name_length] == b"word/document.xml":
                struct.pack_into("<I", data, found + offset, 1024)
            start = found + 4
    error = refusal(tmp_path, "liar.docx", bytes(data))
    assert "damaged zip member 'word/document.xml'" in error or "damaged" in error


ENTITY_ATTACKS = {
    "billion laughs": b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                      + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
                                 for n in range(1, 10))
                      + b']><root>&lol9;</root>',
    "external entity": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><root>&xxe;</root>',
    "parameter entity": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]><root/>',
}


@pytest.mark.parametrize("attack", sorted(ENTITY_ATTACKS))
@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_xml_entities_are_refused_before_any_parser_sees_them(tmp_path, office, suffix, attack):
    hostile = repack(office[suffix], replace={MAIN_PART[suffix]: ENTITY_ATTACKS[attack]})
    error = refusal(tmp_path, f"entities{suffix}", hostile)
    assert f"refused: {MAIN_PART[suffix]!r} declares a DTD or XML entities" in error
    assert "root:" not in error  # no line of /etc/passwd


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_a_dtd_is_refused_in_any_encoding_the_part_is_written(tmp_path, office, suffix, encoding):
    attack = ENTITY_ATTACKS["external entity"].decode().replace('version="1.0"', f'version="1.0" encoding="{encoding.split("-sig")[0]}"')
    hostile = repack(office[suffix], replace={MAIN_PART[suffix]: attack.encode(encoding)})
    error = refusal(tmp_path, f"entities{suffix}", hostile)
    assert f"refused: {MAIN_PART[suffix]!r} declares a DTD or XML entities" in error


def test_a_part_declaring_another_encoding_is_refused(tmp_path, office):
    attack = b'<?xml version="1.0" encoding="UTF-7"?>+ADw-+ACE-DOCTYPE r+AD4-<root/>'
    error = refusal(tmp_path, "utf7.docx", repack(office[".docx"], replace={MAIN_PART[".docx"]: attack}))
    assert f"refused: {MAIN_PART['.docx']!r} is written in UTF-7: Office XML is UTF-8 or UTF-16" in error


def test_office_parts_in_utf16_without_a_dtd_still_read(tmp_path, office):
    import io
    import zipfile

    from sources.safe_zip import check_office_zip
    with zipfile.ZipFile(io.BytesIO(office[".docx"])) as archive:
        main = archive.read(MAIN_PART[".docx"]).decode("utf-8")
    utf16 = main.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    check_office_zip("ok.docx", repack(office[".docx"], replace={MAIN_PART[".docx"]: utf16}))  # no refusal


@pytest.mark.parametrize("name", ["../../evil.xml", "/etc/evil.xml", "C:/evil.xml"])
def test_member_names_escaping_the_archive_are_refused(tmp_path, office, name):
    hostile = repack(office[".xlsx"], add={name: b"<a/>"})
    assert "points outside the archive" in refusal(tmp_path, "escape.xlsx", hostile)


def test_an_absurdly_large_file_is_passed_over_unread(tmp_path, sample_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "good-2024.txt").write_bytes(sample_path.read_bytes())
    huge = landing / "huge-2024.txt"
    with open(huge, "wb") as handle:  # 64 GiB, sparse: reading it would exhaust the machine
        handle.truncate(64 * 2**30)
    report = ingest([landing], tmp_path / "w.duckdb")
    assert [p.path for p in report.loaded] == [str(landing / "good-2024.txt")]
    [(path, reason)] = report.skipped
    assert path == str(huge) and reason.startswith("file too large: 64.0 GiB (68719476736 bytes) is over the limit of 64.0 MiB")
    files, passed_over = discover([huge])  # named on the command line: refused the same way
    assert files == [] and passed_over[0][1].startswith("file too large")


def test_limits_come_from_the_environment(monkeypatch):
    assert current_limits() == Limits()
    monkeypatch.setenv("JIXIAO_MAX_FILE_BYTES", "2MiB")
    monkeypatch.setenv("JIXIAO_MAX_ZIP_RATIO", "50")
    assert current_limits() == Limits(max_file_bytes=2 * 2**20, max_zip_ratio=50)
    assert parse_size("500KB", "X") == 500_000 and parse_size("1 GB", "X") == 10**9
    monkeypatch.setenv("JIXIAO_MAX_FILE_BYTES", "lots")
    with pytest.raises(ValueError, match="JIXIAO_MAX_FILE_BYTES='lots' is not a size"):
        current_limits()


def test_symlinks_do_not_lead_out_of_the_landing_folder(tmp_path, sample_path, sample_text):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret-2024.txt").write_text(sample_text.replace("吴川市", "外部"), encoding="utf-8")
    landing = tmp_path / "landing"
    (landing / "inner").mkdir(parents=True)
    (landing / "inner" / "real-2024.txt").write_bytes(sample_path.read_bytes())
    (landing / "to-secret-2024.txt").symlink_to(outside / "secret-2024.txt")
    (landing / "to-outside-folder").symlink_to(outside, target_is_directory=True)
    (landing / "to-inner-2024.txt").symlink_to(landing / "inner" / "real-2024.txt")  # stays inside: fine
    files, passed_over = discover([landing])
    assert files == [(landing / "inner" / "real-2024.txt").resolve()]
    hint = "not followed (give --follow-links to read what links lead to)"
    assert passed_over == [(str(landing / "to-outside-folder"), f"a symlink leading out of {landing} (to {outside}): {hint}"),
                           (str(landing / "to-secret-2024.txt"),
                            f"a symlink leading out of {landing} (to {outside / 'secret-2024.txt'}): {hint}")]
    report = ingest([landing], tmp_path / "w.duckdb")
    assert len(report.loaded) == 1 and "外部" not in str(report.loaded[0].tables[0].subject)


HOSTILE_NAMES = [
    "x\\..\\..\\etc\\passwd-2024.txt",
    "\x1b]0;pwned\x07\x1b[2J-2024.txt",
    "line\nbreak\rreturn-2024.txt",
    "\u202etxt.exe-2024.txt",
    "-rf --force-2024.txt",
]


def test_hostile_names_are_archived_by_content_hash_and_never_reach_the_terminal(tmp_path, sample_text):
    landing, warehouse = tmp_path / "landing", tmp_path / "data" / "w.duckdb"
    landing.mkdir()
    for n, name in enumerate(HOSTILE_NAMES):
        (landing / name).write_text(sample_text.replace("吴川市", f"第{n}市"), encoding="utf-8")
    before = {p for p in tmp_path.rglob("*")}
    result = CliRunner().invoke(main, ["ingest", str(landing), "--warehouse", str(warehouse)])
    assert result.exit_code == 0, result.output
    assert f"{len(HOSTILE_NAMES)} loaded" in result.output
    for control in ("\x1b", "\x07", "\r", "\u202e"):
        assert control not in result.output
    assert printable_name(str(landing / HOSTILE_NAMES[1])) in result.output
    archive = archive_folder(warehouse)
    archived = sorted(p.name for p in archive.iterdir() if p.name != "provenance.jsonl")  # names are data there
    assert len(archived) == len(HOSTILE_NAMES)
    assert all(len(name) == 64 + 4 and name.endswith(".txt") and all(c in "0123456789abcdef" for c in name[:64])
               for name in archived)
    created = {p for p in tmp_path.rglob("*")} - before
    assert all(p.is_relative_to(tmp_path / "data") for p in created)  # nothing written beside or above
    assert not (tmp_path / "etc").exists() and not any(os.sep + "etc" in str(p) for p in created)
    status = CliRunner().invoke(main, ["status", "--warehouse", str(warehouse)])
    assert status.exit_code == 0 and "\x1b" not in status.output and "\\x1b]0;pwned\\x07" in status.output


def test_a_file_name_with_a_line_break_cannot_forge_a_line(tmp_path, sample_text):
    landing = tmp_path / "landing"
    landing.mkdir()
    forged = "a\nloaded  fake.txt: 1 unit + 99 project tables-2024.txt"
    (landing / forged).write_text(sample_text, encoding="utf-8")
    warehouse = str(tmp_path / "w.duckdb")
    outputs = [CliRunner().invoke(main, command + ["--warehouse", warehouse])
               for command in (["ingest", str(landing)], ["status"], ["check", str(landing)])]
    assert [r.exit_code for r in outputs] == [0, 0, 0], [r.output for r in outputs]
    for result in outputs:
        lines = result.output.splitlines()
        assert not any(line.startswith("loaded  fake.txt") for line in lines), result.output
        assert any("a\\nloaded  fake.txt" in line for line in lines)
