"""What time decides (`bmnn tick`): automatic declassification at the end of a protection
period, overdue returns and recalls, notices past their 15 days… Each lifecycle area
contributes steps; a step finds what the date `on` has made due and has not yet been
applied, applies it with its ledger event in the same transaction, and returns how many
things it changed. Because a step only ever picks up what is not yet applied, running
tick twice on the same day changes nothing the second time (idempotent).

A step works in batches (`BATCH` rows per transaction), so a million items never sit
in one transaction and an interrupted run resumes where it stopped."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import Callable

BATCH = 1_000

# The modules whose import registers their steps (each area adds its own line).
STEP_MODULES: list[str] = [
    "bmnn.records.services.notices",
    "bmnn.records.services.carryout",
    "bmnn.records.services.destruction",
    "bmnn.records.services.recall",
    "bmnn.records.services.declass",
]


@dataclass(frozen=True)
class Step:
    key: str
    title: str  # Vietnamese, shown by `bmnn tick` and in the docs
    run: Callable[..., int]  # run(on: date, progress: Callable[[int], None] | None) -> things changed
    order: int = 100


_STEPS: dict[str, Step] = {}


def step(key: str, title: str, *, order: int = 100):
    """Register `fn(on, progress=None) -> int` as a tick step."""

    def register(fn):
        _STEPS[key] = Step(key=key, title=title, run=fn, order=order)
        return fn

    return register


def steps() -> list[Step]:
    for module in STEP_MODULES:
        importlib.import_module(module)
    return sorted(_STEPS.values(), key=lambda s: (s.order, s.key))


@dataclass(frozen=True)
class Outcome:
    step: Step
    changed: int


def run(on: dt.date, *, only: list[str] | None = None, progress_for=None) -> list[Outcome]:
    """Run every step (or those named in `only`) for the date `on`. `progress_for(step)`
    may return a callable that receives how many rows were just processed."""
    outcomes = []
    for s in steps():
        if only and s.key not in only:
            continue
        progress = progress_for(s) if progress_for else None
        outcomes.append(Outcome(s, s.run(on, progress=progress)))
    return outcomes


def batches(queryset, size: int = BATCH):
    """Primary keys of `queryset` in ascending batches, re-reading after each batch: what a
    batch has applied drops out of the queryset, so the next read starts from the rest."""
    last = 0
    while True:
        ids = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not ids:
            return
        yield ids
        last = ids[-1]
