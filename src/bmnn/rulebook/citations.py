"""Citations built from the regime's own table of texts ("Điều 20 khoản 2 Luật BVBMNN 2018"),
so the short names follow the data of the regime in force on the act's date."""

from __future__ import annotations

import datetime as dt

from bmnn.rulebook import loader


def texts_on(on: dt.date) -> dict:
    regime = loader.regime_on(on)
    return dict(regime.texts) if regime is not None else {}


def cite(on: dt.date, text_code: str, article: str, fallback: str = "") -> str:
    """`article` of the text `text_code` as the regime in force on `on` names it; when that
    regime has no such text, `fallback` (a citation) or the article alone."""
    text = texts_on(on).get(text_code)
    if text is not None:
        return f"{article} {text.citation}"
    return f"{article} {fallback}" if fallback else article


def carried_over(on: dt.date) -> bool:
    """Whether the regime in force is the 2026 one, under which the 2018 texts apply on
    until Law 117/2025 and Decree 63/2026 are read."""
    return "LAW_2025" in texts_on(on)
