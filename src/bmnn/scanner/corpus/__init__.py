"""The labelled test corpus: documents in every format the scanner reads, with stamps in
every place and encoding they are found, the prose that must not be flagged, and
broken, encrypted and hostile files — each labelled with what the scanner must say.

    from bmnn.scanner.corpus import generate
    generate(Path("/tmp/corpus"), scale=1, seed=1)      # writes the files and labels.json

or `python -m bmnn.scanner.corpus DEST [--scale N] [--seed S] [--hostile]`. Every format
is written here with the standard library (zip + XML strings, RTF text, PDF by hand),
except the legacy .doc/.xls writers, which are the legacy reader's test fixtures."""

from bmnn.scanner.corpus.generate import generate, plan, read_labels, relative_report_path

__all__ = ["generate", "generate_hostile", "plan", "read_labels", "relative_report_path"]


def generate_hostile(dest, *, seed: int = 1) -> dict:
    from bmnn.scanner.corpus.hostile import generate_hostile as write

    return write(dest, seed=seed)
