"""The mandatory access filter (DESIGN.md "Access"), written once for every app.

A model that holds secret items uses `ProtectedQuerySet` as its manager and
implements `need_to_know_q(person, on)` on the queryset (a Q object). The filter
applies, in order:

1. the person's active access assignments: the highest level they cover and the
   units they cover (with those units' sub-units) — nothing passes without one;
2. need-to-know inside that, as the model defines it.

Anything filtered out does not exist for that person: 404 on detail, absent
from lists, counts and search (`get_visible_or_404`)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from bmnn.core.levels import levels_up_to


def today() -> dt.date:
    return timezone.localdate()


def clearances(person, on: dt.date | None = None) -> list[tuple[list[str], set[int]]]:
    """One (levels, unit ids incl. sub-units) pair per level the person's active
    assignments give: an assignment to Tối mật for one unit and to Mật for another never
    make Tối mật reach the second unit. Assignments at the same level are merged."""
    from bmnn.org.models import AccessAssignment, Unit

    if person is None or not getattr(person, "is_authenticated", False):
        return []
    on = on or today()
    roots_by_level: dict[str, set[int]] = {}
    for assignment in AccessAssignment.objects.active(on).filter(person=person).prefetch_related("units"):
        roots_by_level.setdefault(assignment.max_level, set()).update(u.pk for u in assignment.units.all())
    # One walk of the unit tree per level: this runs on every protected list.
    return [(levels_up_to(level), Unit.objects.descendant_ids(roots))
            for level, roots in sorted(roots_by_level.items(), key=lambda pair: -len(levels_up_to(pair[0])))
            if roots]


def clearance(person, on: dt.date | None = None) -> tuple[list[str], set[int]]:
    """(every level, every unit) the person's active assignments reach, for menus and
    choices. Whether a level is cleared at a given unit is `cleared_for`'s question."""
    pairs = clearances(person, on)
    levels = max((levels for levels, _units in pairs), key=len, default=[])
    return levels, set().union(*(units for _levels, units in pairs)) if pairs else set()


def levels_at(person, unit_id: int, on: dt.date | None = None) -> list[str]:
    """The levels the person is cleared for at that unit (empty when none)."""
    return max((levels for levels, units in clearances(person, on) if unit_id in units), key=len, default=[])


def cleared_for(person, level: str, unit_id: int, on: dt.date | None = None) -> bool:
    return level in levels_at(person, unit_id, on)


class ProtectedQuerySet(models.QuerySet):
    level_field = "level"
    unit_field = "holding_unit"

    def need_to_know_q(self, person, on: dt.date) -> models.Q:  # pragma: no cover - abstract
        raise NotImplementedError

    def covered_units_q(self, units: set[int], person, on: dt.date) -> models.Q:
        """Where an object is, for the assignment's units: by default its unit field.
        A model whose objects can be in several units at once (copies held elsewhere)
        widens this — never the level condition."""
        return models.Q(**{f"{self.unit_field}_id__in": units})

    def visible_to(self, person, on: dt.date | None = None):
        on = on or today()
        pairs = clearances(person, on)
        if not pairs:
            return self.none()
        mandatory = models.Q()
        for levels, units in pairs:  # each assignment's level only within its own units
            mandatory |= models.Q(**{f"{self.level_field}__in": levels}) & self.covered_units_q(units, person, on)
        # Conditions are subqueries, not joins: no duplicate rows, no DISTINCT.
        visible = self.filter(mandatory)
        units = set().union(*(units for _levels, units in pairs))
        if self.need_to_know_implied(units, person, on):
            return visible
        return visible.filter(self.need_to_know_q(person, on))

    def need_to_know_implied(self, units: set[int], person, on: dt.date) -> bool:
        """Whether passing the covered-units condition already proves need-to-know, so the
        second filter can be left out (a model may know; by default it is always applied)."""
        return False


def get_visible_or_404(queryset: ProtectedQuerySet, person, **lookup):
    """The only way to fetch one protected object: invisible and absent look alike."""
    try:
        return queryset.visible_to(person).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404(_("Không tìm thấy."))  # the API shows it as its 404 detail
