"""Classification levels, ordered MAT < TOI_MAT < TUYET_MAT (Law Art. 8)."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    MAT = "MAT", _("Mật")
    TOI_MAT = "TOI_MAT", _("Tối mật")
    TUYET_MAT = "TUYET_MAT", _("Tuyệt mật")


ORDER = [Level.MAT, Level.TOI_MAT, Level.TUYET_MAT]
RANK = {level.value: i + 1 for i, level in enumerate(ORDER)}


def rank(level: str | None) -> int:
    return RANK.get(level or "", 0)


def levels_up_to(level: str | None) -> list[str]:
    """Every level a clearance of `level` covers (empty for no clearance)."""
    return [lv.value for lv in ORDER if RANK[lv.value] <= rank(level)]


def label(level: str) -> str:
    """The Vietnamese name of a level whatever the interface language, for text that is kept
    (ledger descriptions). Screens use Level(level).label, which follows the user's language."""
    with translation.override(None):
        return str(Level(level).label)
