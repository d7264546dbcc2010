"""The subcommands of `bmnn print`. A producer of printouts adds its own by registering one function:

    @print_subcommand("register", "In sổ đăng ký …")
    def register(parser):
        parser.add_argument("--unit", required=True)
        return run          # run(actor, options) -> (Printout, bytes)

The function is given its own argparse subparser, already holding the options every subcommand shares
(--format, --user, --output), adds its own and returns the function that prints. `bmnn print` finds the
person named by --user (the ledger's actor), runs it, writes the file and says what it wrote; a refusal
or a 404 becomes a Vietnamese message and a non-zero exit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

Run = Callable[[object, dict], tuple]
Setup = Callable[[object], Run]


@dataclass(frozen=True)
class PrintSubcommand:
    name: str
    help: str
    setup: Setup


_SUBCOMMANDS: dict[str, PrintSubcommand] = {}


def print_subcommand(name: str, help: str) -> Callable[[Setup], Setup]:
    def register(setup: Setup) -> Setup:
        _SUBCOMMANDS[name] = PrintSubcommand(name, help, setup)
        return setup
    return register


def subcommands() -> list[PrintSubcommand]:
    import bmnn.outputs.builders  # noqa: F401  (each producer registers its subcommand at import)

    return [_SUBCOMMANDS[name] for name in sorted(_SUBCOMMANDS)]
