"""Read-side queries of the organisation: the unit tree on a date, people search,
Vietnamese ordering, and who holds which role where. Nothing here changes state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F, Func, Q, QuerySet

from bmnn.core import text
from bmnn.org.models import Person, Role, Tenure, Unit


# --- Vietnamese order ------------------------------------------------------------

class ByteOrder(Func):
    """`sort_key` is built so that its code-point order is Vietnamese order. A
    PostgreSQL database created with a glibc locale (en_US.UTF-8) would ignore the
    spaces and control characters in it, so compare code points explicitly."""

    template = '%(expressions)s COLLATE "C"'

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="%(expressions)s COLLATE BINARY", **extra)


def vi_ordered(queryset: QuerySet, *fields: str, descending: bool = False) -> QuerySet:
    """Order by one or more sort-key fields (default: the model's own `sort_key`)."""
    keys = [ByteOrder(F(name)) for name in (fields or ("sort_key",))]
    return queryset.order_by(*[k.desc() if descending else k.asc() for k in keys], "pk")


# --- Search -------------------------------------------------------------------------

def search_q(query: str | None, field_name: str = "search_text") -> Q:
    """Each word of the folded query must appear: "nguyen duc" and "duc nguyen" both
    find "Nguyễn Đức Thắng"; "dang" finds "Đặng" (đ has no decomposition; fold maps it)."""
    condition = Q()
    for word in text.fold(query).split():
        condition &= Q(**{f"{field_name}__contains": word})
    return condition


def search_people(query: str | None = None, *, active_only: bool = False) -> QuerySet:
    people = Person.objects.all()
    if query:
        people = people.filter(search_q(query))
    if active_only:
        people = people.filter(is_active=True)
    return vi_ordered(people)


# --- The tree on a date ----------------------------------------------------------------

@dataclass
class TreeNode:
    unit: Unit
    children: list[TreeNode] = field(default_factory=list)
    closed: bool = False  # already closed on the date shown (only when closed units are included)


def tree_on(on: dt.date, *, include_closed: bool = False) -> list[TreeNode]:
    """The units valid on `on` as a forest, each level in Vietnamese order.

    A unit whose parent is not valid on that date is shown as a root rather than
    hidden. With `include_closed`, units that had already closed by `on` (but
    existed before it) are added where they stood, marked closed."""
    units = Unit.objects.filter(valid_from__lte=on).select_related("successor")
    if not include_closed:
        units = units.valid_on(on)
    units = list(vi_ordered(units))
    nodes = {u.pk: TreeNode(u, closed=u.valid_to is not None and u.valid_to < on) for u in units}
    roots: list[TreeNode] = []
    for unit in units:
        parent = nodes.get(unit.parent_id)
        (parent.children if parent else roots).append(nodes[unit.pk])
    return roots


def ancestors(unit: Unit) -> list[Unit]:
    """The unit's ancestors, root first (not the unit itself)."""
    ids = Unit.objects.ancestor_ids(unit.pk)[1:]
    by_id = Unit.objects.in_bulk(ids)
    return [by_id[pk] for pk in reversed(ids) if pk in by_id]


def successor_chain(unit: Unit) -> list[Unit]:
    """Where a closed unit's work went: its successor, that one's successor, …"""
    chain, seen, current = [], {unit.pk}, unit.successor
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.successor
    return chain


# --- Roles -----------------------------------------------------------------------------
# The one definition of who runs the system and who holds which role; views, services,
# the rulebook and the ledger pages ask here rather than query tenures themselves.

def is_admin(person) -> bool:
    """An active, logged-in system administrator."""
    return bool(person is not None and getattr(person, "is_authenticated", False)
                and person.is_active and person.is_system_admin)


def holds_role(person, roles: str | Iterable[str], unit_ids: Iterable[int] | None, on: dt.date) -> bool:
    """Whether `person` holds, on `on`, a position with one of `roles` in one of the units
    or in a unit above one of them; `unit_ids=None`: in any unit."""
    if person is None or not getattr(person, "is_authenticated", False):
        return False
    roles = [roles] if isinstance(roles, str) else list(roles)
    tenures = Tenure.objects.held_on(on).filter(person=person, position__role__in=roles)
    if unit_ids is not None:
        tenures = tenures.filter(position__unit_id__in=Unit.objects.with_ancestor_ids(unit_ids))
    return tenures.exists()


def is_security_officer(person, unit_ids, on: dt.date) -> bool:
    return holds_role(person, Role.SECURITY_OFFICER, unit_ids, on)
