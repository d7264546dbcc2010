"""The list of secret items (records/item_list.html) as an export: the page's search and filters
(services.search), across all its pages; items the person may not see are never in it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from bmnn.outputs.export.spec import DATE, LEVEL, Column, Filter, ListSpec, choice_label, page_url, register
from bmnn.records.exports.common import LEVEL_FILTER, UNIT_FILTER
from bmnn.records.models import ItemStatus
from bmnn.records.services.search import ItemFilters, search_items, search_summaries


def _rows(ctx):
    filters = ItemFilters.from_params(ctx.params)
    # The page's order, with the key as the last tie-break so the file is the same when made again.
    items = ctx.cut(search_items(ctx.person, filters), "created_at").order_by("-issued_on", "reference", "pk")
    if filters.summary:
        return search_summaries(items, filters.summary).items
    return items


ITEMS = register(ListSpec(
    code="items", name=_("Tài liệu, vật chứa bí mật nhà nước"), sheet=_("Tài liệu bí mật"),
    columns=(
        Column(_("Số, ký hiệu"), lambda i: i.label, width=24),
        Column(_("Ngày văn bản"), lambda i: i.issued_on, DATE),
        Column(_("Tên loại"), lambda i: i.document_type, width=20),
        Column(_("Độ mật"), lambda i: i.level, LEVEL, width=12),
        Column(_("Đơn vị quản lý"), lambda i: i.holding_unit.name, width=32),
        Column(_("Trạng thái"), lambda i: i.get_status_display(), width=18),
        Column(_("Ngày xác định độ mật"), lambda i: i.classified_on, DATE),
        Column(_("Thời hạn bảo vệ đến ngày"), lambda i: i.protection_until, DATE),
    ),
    rows=_rows, level=lambda i: i.level,
    filters=(Filter("q", _("Số, ký hiệu hoặc tên loại")), LEVEL_FILTER, UNIT_FILTER,
             Filter("status", _("Trạng thái"), choice_label(ItemStatus)),
             Filter("issued_from", _("Ngày văn bản từ")), Filter("issued_to", _("Ngày văn bản đến")),
             Filter("classified_from", _("Ngày xác định độ mật từ")),
             Filter("classified_to", _("Ngày xác định độ mật đến")),
             Filter("summary", _("Trích yếu có chứa"))),
    page=page_url("records:item_list"),
))
