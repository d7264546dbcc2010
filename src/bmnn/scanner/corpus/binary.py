"""Legacy binary Office files (.doc, .xls) and the OLE wrapper of an encrypted OOXML
file. The compound-file, Word 97 and BIFF8 writers are the "legacy" part's test
fixtures (bmnn.scanner.tests.legacy_fixtures), used here rather than copied so there
is one writer to fix; without them these cases are left out (Unsupported)."""

from __future__ import annotations

import hashlib
import struct

from bmnn.scanner.corpus.model import Unsupported


def _fixtures():
    try:
        from bmnn.scanner.tests import legacy_fixtures
    except ImportError as exc:  # a build without the tests package
        raise Unsupported(f"legacy binary writers not available: {exc}") from exc
    return legacy_fixtures


def doc_bytes(text: str, *, headers: list[tuple[str, str]] | None = None, textboxes: str = "",
              footnotes: str = "", fonts: list[str] | None = None, encrypted: bool = False) -> bytes:
    """A Word 97 .doc; paragraphs are separated by "\\r" (Word's paragraph mark)."""
    return _fixtures().word97(text, headers=headers, textboxes=textboxes, footnotes=footnotes,
                              fonts=fonts or ["Times New Roman"], encrypted=encrypted)


def xls_bytes(sheets: list[dict], *, encrypted: bool = False) -> bytes:
    """An Excel 97 .xls: each sheet {"name", "cells": {(row, col): text}, "header"?}."""
    return _fixtures().xls(sheets, encrypted=encrypted)


def encrypted_ooxml_bytes(seed: bytes) -> bytes:
    """What Office writes for a password-protected .docx: an OLE file holding
    EncryptionInfo (agile, version 4.4, an XML descriptor) and EncryptedPackage (the
    size, then AES ciphertext — here pseudo-random bytes, which look the same)."""
    descriptor = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" '
        'xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
        '<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" '
        'cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAECAwQFBgcICQoLDA0ODw=="/>'
        '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
        '<p:encryptedKey spinCount="100000" saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
        'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" '
        'saltValue="EBESExQVFhcYGRobHB0eHw=="/></keyEncryptor></keyEncryptors></encryption>')
    info = struct.pack("<HHI", 4, 4, 0x40) + descriptor.encode()
    body = b"".join(hashlib.sha512(seed + i.to_bytes(4, "little")).digest() for i in range(160))
    package = struct.pack("<Q", len(body) - 37) + body
    return _fixtures().cfb({"EncryptionInfo": info, "EncryptedPackage": package})
