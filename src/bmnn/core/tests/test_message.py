"""Messages kept as Vietnamese text with their template: Vietnamese wherever they are stored or
printed, translated only when shown, and usable without Django (the offline ledger verifier)."""

import copy
import json
import subprocess
import sys

from django.utils import translation

from bmnn.core.ledger_verify import Problem
from bmnn.core.message import Message, gettext_noop, translated

GAP = gettext_noop("đứt quãng số thứ tự: thiếu sự kiện %(missing)s.")


def test_a_message_is_its_vietnamese_text_whatever_the_language():
    with translation.override("en"):
        message = Message(GAP, missing="#4")
        assert message == "đứt quãng số thứ tự: thiếu sự kiện #4." and f"{message}" == message
        assert json.dumps(message, ensure_ascii=False) == '"đứt quãng số thứ tự: thiếu sự kiện #4."'


def test_translated_follows_the_active_language_including_nested_messages():
    headline = Problem("gap", Message(GAP, missing="#4"), seq=5).headline()
    with translation.override("en"):
        assert translated(headline) == "event #5: gap in the sequence numbers: missing #4."
    with translation.override("vi"):
        assert translated(headline) == "sự kiện #5: đứt quãng số thứ tự: thiếu sự kiện #4."


def test_plain_text_is_shown_unchanged():
    with translation.override("en"):
        assert translated("dòng 3 của tệp không phải JSON hợp lệ.") == "dòng 3 của tệp không phải JSON hợp lệ."


def test_a_copied_message_keeps_its_template():
    """dataclasses.asdict (the report's JSON) deep-copies the problems."""
    copied = copy.deepcopy(Message(GAP, missing="#4"))
    with translation.override("en"):
        assert copied.translated() == "gap in the sequence numbers: missing #4."


def test_the_offline_verifier_still_imports_no_django():
    code = "import sys, bmnn.core.ledger_verify; sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
