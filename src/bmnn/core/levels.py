"""Classification levels, ordered MAT < TOI_MAT < TUYET_MAT (Law Art. 8)."""

from django.db import models


class Level(models.TextChoices):
    MAT = "MAT", "Mật"
    TOI_MAT = "TOI_MAT", "Tối mật"
    TUYET_MAT = "TUYET_MAT", "Tuyệt mật"


ORDER = [Level.MAT, Level.TOI_MAT, Level.TUYET_MAT]
RANK = {level.value: i + 1 for i, level in enumerate(ORDER)}


def rank(level: str | None) -> int:
    return RANK.get(level or "", 0)


def levels_up_to(level: str | None) -> list[str]:
    """Every level a clearance of `level` covers (empty for no clearance)."""
    return [lv.value for lv in ORDER if RANK[lv.value] <= rank(level)]


def label(level: str) -> str:
    return Level(level).label
