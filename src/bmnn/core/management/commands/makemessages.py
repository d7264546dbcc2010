"""`bmnn makemessages`: Django's, also extracting `_lazy(...)` — the records pages import
gettext_lazy under that name for form labels (`_` is the plain gettext there), and
xgettext only knows the names it is told."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]
