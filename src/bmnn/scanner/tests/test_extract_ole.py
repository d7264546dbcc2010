"""OLE helpers: which OLE file a source is (for the sniff), encrypted OOXML, budgets."""

import pytest

from bmnn.scanner.extract.ole import extract_encrypted_ooxml, ole_kind, open_ole, read_stream
from bmnn.scanner.model import Budget, ExtractError, ProblemKind, Source
from bmnn.scanner.tests.legacy_fixtures import cfb, word97, xls


def _source(data: bytes, name: str = "f.bin") -> Source:
    return Source.from_bytes(name, data)


@pytest.mark.parametrize(
    ("streams", "kind"),
    [
        ({"WordDocument": b"x", "1Table": b"y"}, "doc"),
        ({"Workbook": b"x"}, "xls"),
        ({"Book": b"x"}, "xls"),
        ({"PowerPoint Document": b"x", "Current User": b"y"}, "ppt"),
        ({"EncryptionInfo": b"x", "EncryptedPackage": b"y"}, "ooxml_encrypted"),
        ({"__substg1.0_0037001F": b"x", "__properties_version1.0": b"y"}, "msg"),
        ({"Something": b"x"}, None),
    ],
)
def test_ole_kind_names_the_file_by_its_streams(streams, kind):
    data = cfb(streams)
    assert ole_kind(_source(data)) == kind
    assert ole_kind(data) == kind


def test_ole_kind_reads_directory_names_from_a_head_that_is_not_a_whole_file():
    data = cfb({"PowerPoint Document": b"x"})
    head = data[:-512]  # the FAT sector is missing: olefile cannot open it
    assert ole_kind(head) == "ppt"


def test_ole_kind_is_none_for_other_content():
    assert ole_kind(b"%PDF-1.4 ...") is None
    assert ole_kind(_source(b"PK\x03\x04 not ole")) is None


def test_ole_kind_of_a_corrupt_ole_source_is_none():
    assert ole_kind(_source(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)) is None


def test_ole_kind_of_real_writers_output():
    assert ole_kind(_source(word97("x\r"))) == "doc"
    assert ole_kind(_source(xls([{"name": "S", "cells": {(0, 0): "x"}}]))) == "xls"


def test_encrypted_ooxml_is_reported_encrypted_without_reading():
    data = cfb({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x99" * 100})
    extraction = extract_encrypted_ooxml(_source(data, "secret.docx"), Budget())
    assert extraction.kind == "ooxml_encrypted"
    assert extraction.encrypted
    assert extraction.blocks == []


def test_encrypted_ooxml_without_its_package_stream_is_unreadable():
    with pytest.raises(ExtractError) as caught:
        extract_encrypted_ooxml(_source(cfb({"EncryptionInfo": b"x"})), Budget())
    assert caught.value.kind is ProblemKind.UNREADABLE


def test_garbage_is_unreadable_not_a_crash():
    with pytest.raises(ExtractError) as caught:
        extract_encrypted_ooxml(_source(b"\xd0\xcf\x11\xe0garbage" * 300), Budget())
    assert caught.value.kind is ProblemKind.UNREADABLE


def test_read_stream_refuses_a_stream_above_the_part_budget():
    data = cfb({"Workbook": b"x" * 10_000})
    with open_ole(_source(data)) as ole, pytest.raises(ExtractError) as caught:
        read_stream(ole, "Workbook", Budget(max_part_bytes=5_000))
    assert caught.value.kind is ProblemKind.TOO_LARGE


def test_ole_file_opened_from_disk_is_closed(tmp_path):
    path = tmp_path / "a.doc"
    path.write_bytes(word97("x\r"))
    with open_ole(Source.from_path(path)) as ole:
        assert ole.exists("WordDocument")
    path.unlink()  # would fail on Windows if the handle were left open


def test_a_directory_olefile_cannot_walk_is_unreadable(monkeypatch):
    import olefile

    from bmnn.scanner.extract.ole import stream_names

    def looping(self, *args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")  # what a looping tree caused in fuzzing

    with open_ole(_source(cfb({"WordDocument": b"x"}))) as ole:
        monkeypatch.setattr(olefile.OleFileIO, "listdir", looping)
        with pytest.raises(ExtractError) as caught:
            stream_names(ole)
    assert caught.value.kind is ProblemKind.UNREADABLE
