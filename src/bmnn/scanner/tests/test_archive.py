"""Zip members come back for scanning, within depth, ratio, size and total caps; encrypted
and damaged members are reported one by one."""

import io
import os
import struct
import zipfile

import pytest

from bmnn.scanner.extract import archive
from bmnn.scanner.extract.archive import extract_zip
from bmnn.scanner.model import Budget, ExtractError, ProblemKind, Source


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as out:
        for name, data in members.items():
            out.writestr(name, data)
    return buffer.getvalue()


def _patch_headers(data: bytes, *, flags: int | None = None, size: int | None = None) -> bytes:
    """Rewrite every entry's general-purpose flags or declared inflated size, in the local
    and central headers alike (zipfile cannot write encrypted or lying archives)."""
    out = bytearray(data)
    for signature, flag_at, size_at in ((b"PK\x03\x04", 6, 22), (b"PK\x01\x02", 8, 24)):
        start = 0
        while (at := out.find(signature, start)) >= 0:
            if flags is not None:
                out[at + flag_at:at + flag_at + 2] = struct.pack("<H", flags)
            if size is not None:
                out[at + size_at:at + size_at + 4] = struct.pack("<I", size)
            start = at + 4
    return bytes(out)


def test_members_are_named_after_their_archive_and_go_one_level_deeper():
    data = _zip({"docs/a.docx": b"A", "b.txt": b"B"})
    extraction = extract_zip(Source.from_bytes("/home/an/x.zip", data, depth=0), Budget())
    assert [(m.name, m.data, m.depth) for m in extraction.members] == [
        ("/home/an/x.zip!docs/a.docx", b"A", 1), ("/home/an/x.zip!b.txt", b"B", 1)]
    assert extraction.kind == "zip" and extraction.problems == []


def test_folders_are_not_members():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        out.writestr(zipfile.ZipInfo("folder/"), b"")
        out.writestr("folder/a.txt", b"A")
    extraction = extract_zip(Source.from_bytes("x.zip", buffer.getvalue()), Budget())
    assert [m.name for m in extraction.members] == ["x.zip!folder/a.txt"]


def test_nested_members_carry_the_whole_chain_in_their_name():
    inner = _zip({"c.docx": b"C"})
    outer = extract_zip(Source.from_bytes("a.zip", _zip({"b.zip": inner})), Budget())
    nested = extract_zip(outer.members[0], Budget())
    assert [(m.name, m.depth) for m in nested.members] == [("a.zip!b.zip!c.docx", 2)]


def test_an_archive_nested_deeper_than_the_cap_is_a_bomb():
    with pytest.raises(ExtractError) as caught:
        extract_zip(Source.from_bytes("a.zip!b.zip!c.zip", _zip({"d.txt": b"D"}), depth=2), Budget(archive_depth=2))
    assert caught.value.kind is ProblemKind.BOMB and "deeper" in caught.value.detail


def test_a_member_of_200_mb_of_zeros_is_a_bomb_and_is_not_inflated(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out, out.open("zeros.bin", "w", force_zip64=True) as member:
        chunk = bytes(1 << 20)
        for _ in range(200):
            member.write(chunk)
    assert os.path.getsize(path) < 1 << 20
    with pytest.raises(ExtractError) as caught:
        extract_zip(Source.from_path(path), Budget())
    assert caught.value.kind is ProblemKind.BOMB and "zeros.bin" in caught.value.detail


def test_a_header_that_understates_a_member_stops_its_reading_at_the_declared_size():
    lying = _patch_headers(_zip({"small.txt": bytes(2 << 20)}), size=1000)
    extraction = extract_zip(Source.from_bytes("x.zip", lying), Budget())
    assert extraction.members == []
    assert [(p.path, p.kind) for p in extraction.problems] == [("x.zip!small.txt", ProblemKind.UNREADABLE)]


def test_a_large_member_with_an_ordinary_ratio_is_too_large_and_the_others_are_read():
    data = _zip({"big.bin": os.urandom(200_000), "small.txt": b"hello"})
    extraction = extract_zip(Source.from_bytes("x.zip", data), Budget(max_part_bytes=100_000))
    assert [m.name for m in extraction.members] == ["x.zip!small.txt"]
    assert [(p.path, p.kind) for p in extraction.problems] == [("x.zip!big.bin", ProblemKind.TOO_LARGE)]


def test_members_past_the_total_inflated_cap_make_a_bomb():
    data = _zip({f"m{i}.bin": os.urandom(60_000) for i in range(4)})
    with pytest.raises(ExtractError) as caught:
        extract_zip(Source.from_bytes("x.zip", data), Budget(archive_total_bytes=150_000))
    assert caught.value.kind is ProblemKind.BOMB and "in all" in caught.value.detail


def test_too_many_members_make_a_bomb(monkeypatch):
    monkeypatch.setattr(archive, "MAX_MEMBERS", 5)
    with pytest.raises(ExtractError) as caught:
        extract_zip(Source.from_bytes("x.zip", _zip({f"{i}.txt": b"x" for i in range(6)})), Budget())
    assert caught.value.kind is ProblemKind.BOMB


def test_an_encrypted_member_is_reported_and_the_others_are_read():
    data = _patch_headers_for(_zip({"open.txt": b"hello", "locked.docx": b"secret"}), "locked.docx", flags=0x1)
    extraction = extract_zip(Source.from_bytes("x.zip", data), Budget())
    assert [m.name for m in extraction.members] == ["x.zip!open.txt"]
    assert [(p.path, p.kind) for p in extraction.problems] == [("x.zip!locked.docx", ProblemKind.ENCRYPTED)]


def _patch_headers_for(data: bytes, name: str, *, flags: int) -> bytes:
    out = bytearray(data)
    for signature, flag_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        start = 0
        while (at := out.find(signature, start)) >= 0:
            if out[at + name_at:at + name_at + len(name)] == name.encode():
                out[at + flag_at:at + flag_at + 2] = struct.pack("<H", flags)
            start = at + 4
    return bytes(out)


def test_an_archive_whose_every_member_is_encrypted_is_encrypted():
    data = _patch_headers(_zip({"a.docx": b"A", "b.docx": b"B"}), flags=0x1)
    with pytest.raises(ExtractError) as caught:
        extract_zip(Source.from_bytes("x.zip", data), Budget())
    assert caught.value.kind is ProblemKind.ENCRYPTED


def test_a_truncated_zip_is_unreadable():
    data = _zip({"a.txt": os.urandom(5000)})
    with pytest.raises(ExtractError) as caught:
        extract_zip(Source.from_bytes("x.zip", data[:3000]), Budget())
    assert caught.value.kind is ProblemKind.UNREADABLE


def test_a_few_megabytes_of_zeros_are_data_not_a_bomb():
    extraction = extract_zip(Source.from_bytes("wheel.zip", _zip({"table.npy": bytes(2 << 20)})), Budget())
    assert [len(m.data) for m in extraction.members] == [2 << 20] and extraction.problems == []


def test_members_are_inflated_one_at_a_time(monkeypatch):
    inflated = []
    real = archive._inflate
    monkeypatch.setattr(archive, "_inflate", lambda zf, info, *a: inflated.append(info.filename) or real(zf, info, *a))
    problems = []
    members = archive.iter_members(Source.from_bytes("x.zip", _zip({"a.txt": b"A", "b.txt": b"B"})), Budget(), problems)
    first = next(members)
    assert first.name == "x.zip!a.txt" and inflated == ["a.txt"]
    assert [m.name for m in members] == ["x.zip!b.txt"] and inflated == ["a.txt", "b.txt"]
