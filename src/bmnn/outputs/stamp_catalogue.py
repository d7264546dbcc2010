"""A stamp with what a person checks it against: its form (Mẫu …), its size (fixed by the form, or
cut to the text where the form gives none), its legal basis and whether the form data is verified.

Shared by the stamp image endpoints, the page of stamp forms (/in/mau-dau/), the item page's
"Dấu trên tài liệu" section and the stamp sheet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bmnn.outputs import stamps
from bmnn.rulebook.forms import FormSet, form_set_on, shipped

SCREEN_PX_PER_MM = 96 / 25.4


@dataclass(frozen=True)
class StampInfo:
    stamp: stamps.Stamp
    form: str  # "Mẫu 02"
    fixed_size: bool  # the form gives the size; otherwise it fits the filled-in text
    note: str
    fields: tuple[str, ...]

    @property
    def code(self) -> str:
        return self.stamp.code

    @property
    def size(self) -> str:
        """"40 × 8 mm" (decimal comma, as Vietnamese writes it)."""
        def mm(value: float) -> str:
            return f"{value:g}".replace(".", ",")
        return f"{mm(self.stamp.width_mm)} × {mm(self.stamp.height_mm)} mm"

    @property
    def screen_width(self) -> int:
        """CSS pixels (96 to the inch) for the real size on screen: an <img width>, as the page's
        Content-Security-Policy allows no inline style."""
        return round(self.stamp.width_mm * SCREEN_PX_PER_MM)

    @property
    def screen_height(self) -> int:
        return round(self.stamp.height_mm * SCREEN_PX_PER_MM)

    @property
    def caption(self) -> str:
        """For paper (always Vietnamese): "Dấu độ mật Tuyệt mật (Mẫu 02), 40 × 8 mm, chưa xác minh"."""
        size = self.size if self.fixed_size else f"{self.size} (theo nội dung)"
        flag = "" if self.stamp.verified else ", chưa xác minh"
        return f"{self.stamp.name} ({self.form}), {size}{flag}"


def stamp_versions() -> list[FormSet]:
    return [s for s in shipped() if s.kind == "stamps"]


def stamp_version(version: str) -> FormSet | None:
    return next((s for s in stamp_versions() if s.version == version), None)


def info_in(forms: FormSet, code: str, **fields) -> StampInfo:
    """The stamp `code` of the form version `forms`, filled with `fields` (blank ones print "…")."""
    entry = forms.entry(code)
    # stamps.stamp picks the version by date: a version is the one in force on its first day.
    drawn = stamps.stamp(code, forms.valid_from, **fields)
    return StampInfo(drawn, str(entry.get("form", "")), bool(entry.get("width_mm") and entry.get("height_mm")),
                     entry.note, tuple(entry.get("fields") or ()))


def info(code: str, on: dt.date, **fields) -> StampInfo:
    """The stamp `code` of the version in force on `on`."""
    return info_in(form_set_on("stamps", on), code, **fields)


def catalogue(forms: FormSet) -> list[StampInfo]:
    """Every stamp of a version, blank, in the order of the form data."""
    return [info_in(forms, code) for code in forms.entries]
