"""A Vietnamese message that keeps its template and values, to be translated when shown.

For text that has two readers with different language rules, from code that must also
run without Django. The ledger integrity check is the case: a problem it finds is
written into the ledger and printed by `bmnn ledger verify` in Vietnamese (the ledger
reads the same whoever wrote it; the offline verifier has no Django at all), and is
shown on the ledger page in the reader's language.

A `Message` *is* its Vietnamese text (a str), so storing, joining, printing or
serialising it gives Vietnamese exactly as before; `translated()` renders it in the
active language and is the only part that imports Django. Templates are marked with
`gettext_noop(...)` so that makemessages puts them in the catalogue."""

from __future__ import annotations


def gettext_noop(template: str) -> str:
    """Marks `template` for the catalogue (makemessages looks for this name) and returns it unchanged.

    Defined here rather than imported from Django so that marking needs no Django."""
    return template


class Message(str):
    """`Message(gettext_noop("sự kiện #%(seq)s: %(message)s"), seq=3, message=...)`.

    Values may themselves be Messages; they are translated along with the template."""

    template: str
    params: dict

    def __new__(cls, template: str, /, **params) -> Message:
        self = super().__new__(cls, template % params if params else template)
        self.template, self.params = template, params
        return self

    def translated(self) -> str:
        """The text in the active language (Vietnamese when no catalogue has it)."""
        from django.utils.translation import gettext

        text = gettext(self.template)
        return text % {name: translated(value) for name, value in self.params.items()} if self.params else text


def translated(text):
    """`text` in the active language if it is a Message; anything else (data) unchanged."""
    return text.translated() if isinstance(text, Message) else text
