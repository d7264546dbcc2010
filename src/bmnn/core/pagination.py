"""A paginator for lists that can hold a million rows.

Counting every visible row of a large register costs seconds (the access filter must
be evaluated for each); a person reading the first page needs the newest rows and an
idea of the size, not the exact total. So the count stops at `cap`: beyond it the
page says "more than …" and asks for a filter, and pages past the cap are not offered."""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models.query import QuerySet

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _found(self) -> int:
        if isinstance(self.object_list, QuerySet):
            # SELECT COUNT(*) FROM (… LIMIT cap + 1): the database stops at the cap.
            return self.object_list[: self.cap + 1].count()
        return len(self.object_list)

    @cached_property
    def count(self) -> int:
        """The rows listed: all of them, or the first `cap` when there are more."""
        return min(self._found, self.cap)

    @property
    def capped(self) -> bool:
        return self._found > self.cap
