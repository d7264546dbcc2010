"""Work queues ("Việc cần làm"): what is waiting for one person, by role.

- a leader: proposals waiting for their classification decision, and reproduction
  requests waiting for their permission — only where the rulebook gives them the
  authority (authorize() per (level, unit) pair, which is what it depends on);
- a clerk / security officer: classified items of their unit waiting to be issued,
  and deliveries to their unit signed for but not yet in the incoming register,
  or held up by a mismatch;
- everyone: the copies they hold themselves, and deliveries waiting for their receipt.

Every item queue starts from the items the person may see (SecretItem.objects.visible_to),
so nothing hidden appears in a queue or its count. Envelopes addressed to the person's
units are the exception the delivery area defines (deliveries_to_receive): the receiver
signs for an envelope before they may see the item, so those rows carry only what the
envelope shows (sender, addressee, mark, date) and link to the delivery page. Each queue is bounded (QUEUE_LIMIT
rows shown, the count says how many there are)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


from bmnn.core.access import today
from bmnn.org import selectors
from bmnn.org.models import Role, Unit
from bmnn.records.models import (
    Copy, CopyStatus, Delivery, DeliveryStatus, ItemStatus, Reproduction, ReproductionStatus, SecretItem,
)
from bmnn.records.services.delivery import deliveries_to_receive
from bmnn.rulebook import authority

QUEUE_LIMIT = 50
# Proposals/requests looked at for an authority check: authorize() is asked once per
# distinct (level, unit), but the rows fetched are bounded all the same.
AUTHORITY_SCAN_LIMIT = 500
CLERK_ROLES = (Role.CLERK, Role.SECURITY_OFFICER)
RECEIVER_ROLES = (Role.CLERK, Role.SECURITY_OFFICER, Role.LEADER, Role.DEPUTY)


@dataclass
class Queue:
    key: str
    rows: list = field(default_factory=list)
    count: int = 0
    # True when more rows wait than the page shows (or than were checked for authority).
    more: bool = False


@dataclass
class Queues:
    proposals: Queue
    reproductions: Queue
    to_issue: Queue
    deliveries_to_register: Queue
    mismatches: Queue
    receipts_to_confirm: Queue
    my_copies: Queue

    def all(self) -> list[Queue]:
        return [self.proposals, self.reproductions, self.to_issue, self.deliveries_to_register, self.mismatches,
                self.receipts_to_confirm, self.my_copies]

    @property
    def waiting(self) -> int:
        """Acts waiting for this person (copies held are not a to-do)."""
        return sum(q.count for q in self.all() if q.key != "my_copies")


def _bounded(key: str, queryset) -> Queue:
    rows = list(queryset[: QUEUE_LIMIT + 1])
    count = len(rows) if len(rows) <= QUEUE_LIMIT else queryset.count()
    return Queue(key=key, rows=rows[:QUEUE_LIMIT], count=count, more=count > QUEUE_LIMIT)


def _authorized(key: str, person, rows, act: str, level_of, unit_of, on: dt.date) -> Queue:
    """Keep the rows for which `person` may do `act`; one authorize() per (level, unit)."""
    fetched = list(rows[: AUTHORITY_SCAN_LIMIT + 1])
    scanned = fetched[:AUTHORITY_SCAN_LIMIT]
    answers: dict[tuple[str, int], bool] = {}
    kept = []
    for row in scanned:
        pair = (level_of(row), unit_of(row))
        if pair not in answers:
            answers[pair] = authority.authorize(person, act, pair[0], pair[1], on=on).allowed
        if answers[pair]:
            kept.append(row)
    more = len(fetched) > AUTHORITY_SCAN_LIMIT or len(kept) > QUEUE_LIMIT
    return Queue(key=key, rows=kept[:QUEUE_LIMIT], count=len(kept), more=more)


# Candidates are taken by their selective condition first (status, custodian), oldest
# first and at most this many, and only then passed through the access filter: asked the
# other way round, the database planners walk the visible set (up to every item) first.
CANDIDATE_LIMIT = 5_000


def _visible_among(visible, item_ids) -> list[int]:
    ids = list(item_ids[:CANDIDATE_LIMIT])
    return list(visible.filter(pk__in=ids).values_list("pk", flat=True)) if ids else []


def queues_for(person, on: dt.date | None = None) -> Queues:
    on = on or today()
    visible = SecretItem.objects.visible_to(person, on)
    my_units = person.unit_ids_on(on) if getattr(person, "is_authenticated", False) else set()
    is_clerk = bool(my_units) and selectors.holds_role(person, CLERK_ROLES, None, on)

    proposals, reproductions = Queue("proposals"), Queue("reproductions")
    if my_units:
        # Not only leaders: a delegation can give a deputy or another post the authority;
        # authorize() decides, not the role name.
        waiting = SecretItem.objects.filter(status=ItemStatus.PROPOSED).order_by("created_at", "pk")
        pending = (SecretItem.objects.filter(pk__in=_visible_among(visible, waiting.values_list("pk", flat=True)))
                   .exclude(drafter=person).select_related("holding_unit", "drafter").order_by("created_at", "pk"))
        proposals = _authorized("proposals", person, pending, "classify", lambda i: i.level,
                                lambda i: i.holding_unit_id, on)
        asked = Reproduction.objects.filter(status=ReproductionStatus.REQUESTED).order_by("requested_at", "pk")
        requests = (asked.filter(item_id__in=_visible_among(visible, asked.values_list("item_id", flat=True)))
                    .exclude(requested_by=person)
                    .select_related("item", "item__holding_unit", "requested_by").order_by("requested_at", "pk"))
        reproductions = _authorized("reproductions", person, requests, "reproduce", lambda r: r.item.level,
                                    lambda r: r.item.holding_unit_id, on)

    to_issue, deliveries_to_register, mismatches = Queue("to_issue"), Queue("deliveries_to_register"), Queue("mismatches")
    # Envelopes for the person's units: the receiving side may not see the item itself (it
    # is held by the sender), so these rows are deliveries shown by their outer markings only.
    envelopes = deliveries_to_receive(person, on).order_by("sent_at", "pk") if my_units else Delivery.objects.none()
    if is_clerk:
        clerk_units = Unit.objects.descendant_ids(_units_with_role(person, CLERK_ROLES, on))
        classified = SecretItem.objects.filter(status=ItemStatus.CLASSIFIED, holding_unit_id__in=clerk_units)
        to_issue = _bounded("to_issue", SecretItem.objects.filter(
            pk__in=_visible_among(visible, classified.order_by("classified_on", "pk").values_list("pk", flat=True)))
            .select_related("holding_unit").order_by("classified_on", "pk"))
        incoming = envelopes.filter(to_unit_id__in=clerk_units)
        deliveries_to_register = _bounded("deliveries_to_register", incoming.filter(status=DeliveryStatus.RECEIVED))
        mismatches = _bounded("mismatches", incoming.filter(status=DeliveryStatus.MISMATCH))

    # Named to the person: theirs to sign. To the unit: a receiver who may receive at that
    # level signs (authorize("receive"), once per level and unit).
    pending = envelopes.filter(status=DeliveryStatus.SENT)
    named = list(pending.filter(named_recipient=person)[: AUTHORITY_SCAN_LIMIT])
    for_unit = _authorized("receipts_to_confirm", person,
                           pending.filter(named_recipient__isnull=True,
                                          to_unit_id__in=Unit.objects.descendant_ids(
                                              _units_with_role(person, RECEIVER_ROLES, on))),
                           "receive", lambda d: d.item.level, lambda d: d.to_unit_id, on)
    rows = sorted(named + for_unit.rows, key=lambda d: (d.sent_at, d.pk))
    receipts = Queue("receipts_to_confirm", rows=rows[:QUEUE_LIMIT], count=len(named) + for_unit.count,
                     more=for_unit.more or len(rows) > QUEUE_LIMIT)
    held = Copy.objects.filter(custodian_person=person,
                               status__in=[CopyStatus.HELD, CopyStatus.OUT, CopyStatus.IN_TRANSIT])
    my_copies = _bounded("my_copies", held.filter(
        item_id__in=_visible_among(visible, held.order_by("item_id").values_list("item_id", flat=True)))
        .select_related("item").order_by("item_id", "origin", "number"))
    return Queues(proposals=proposals, reproductions=reproductions, to_issue=to_issue,
                  deliveries_to_register=deliveries_to_register, mismatches=mismatches,
                  receipts_to_confirm=receipts, my_copies=my_copies)


def _units_with_role(person, roles, on: dt.date) -> set[int]:
    """The units where `person` holds, on `on`, a post with one of `roles`."""
    from bmnn.org.models import Tenure

    return set(Tenure.objects.held_on(on).filter(person=person, position__role__in=list(roles))
               .values_list("position__unit_id", flat=True))
