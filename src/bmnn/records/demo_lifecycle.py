"""Three items of the regional State Treasury (Kho bạc Nhà nước khu vực XII) made ready for
the lifecycle chapter of docs/walkthrough.md — each proposed, decided and issued through the
acts themselves, so the ledger tells their story:

- a plan for an activity (not issued as copies) whose shorter protection period ends in about
  four months: to EXTEND (the last day to decide is 60 days before expiry); the accounting
  division, named among its recipients, must be told and acknowledge;
- a quarterly report: to DECLASSIFY through a council;
- a Tối mật plan with two copies in the secrets room: to DESTROY through a council,
  a decision and a destruction record signed by every member.

Dates follow the day the demo is loaded (the activity's end is 120 days later), so the
chapter works whenever it is run. Loading again finds the items (by document type and
unit) and creates nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bmnn.core.access import today
from bmnn.core.levels import Level
from bmnn.records.models import ItemKind, SecretItem, SecretList

LIST_CODE = "DEMO-KBNN"
EARLIEST = dt.date(2026, 3, 10)  # after the demo's access assignments (02/03/2026)


def _list_entry(admin, number: str):
    from bmnn.records.services.lists import load_list_file

    if not SecretList.objects.filter(code=LIST_CODE).exists():
        load_list_file(admin, Path(__file__).resolve().parent / "lists" / "demo-kbnn.yaml", on=dt.date(2026, 1, 1))
    return SecretList.objects.get(code=LIST_CODE).entries.get(number=number)


def _make(people, units, admin, *, document_type, level, kind, entry, copies, recipients, summary, on,
          shorter_until=None, issue=True, reference=""):
    from bmnn.records.services import classification
    from bmnn.records.services.issue import issue_item

    unit = units["kbnn"]
    item = classification.propose(
        people["anhltn"], holding_unit=unit, kind=kind, document_type=document_type, level=level,
        list_entry=_list_entry(admin, entry), recipients=recipients, copies_planned=copies,
        reproduction_allowed=False, pages=4, attachments=0, summary=summary, shorter_period_until=shorter_until,
        reference=reference, issued_on=on if reference else None, on=on)
    item = classification.decide(people["longtv"], item, on)
    if not issue:  # an activity is not issued as copies
        return item
    return issue_item(people["anhltn"], item, on, storage_place="Phòng lưu giữ tài liệu mật, tủ số 2").item


def load_demo_lifecycle(units, people, admin) -> int:
    unit = units["kbnn"]
    if SecretItem.objects.filter(holding_unit=unit, document_type__in=["Kế hoạch", "Báo cáo", "Phương án"],
                                 list_entry__secret_list__code=LIST_CODE).exists():
        return 0
    on = max(today() - dt.timedelta(days=20), EARLIEST)
    plan = _make(people, units, admin, document_type="Kế hoạch", level=Level.MAT, kind=ItemKind.ACTIVITY,
                 entry="2", copies=2, on=on, shorter_until=today() + dt.timedelta(days=120),
                 recipients=[{"unit": units["kbnn_kt"], "copies": 1}, {"unit": unit, "copies": 1}], issue=False,
                 reference="19/KH-KBNN.KVXII", summary="Kế hoạch bảo đảm an toàn kho quỹ dịp Tết (dữ liệu minh họa)")
    _make(people, units, admin, document_type="Báo cáo", level=Level.MAT, kind=ItemKind.DOCUMENT, entry="3",
          copies=1, on=on, recipients=[{"unit": unit, "copies": 1}],
          summary="Báo cáo tình hình an toàn kho quỹ quý I (dữ liệu minh họa)")
    _make(people, units, admin, document_type="Phương án", level=Level.TOI_MAT, kind=ItemKind.DOCUMENT, entry="1",
          copies=2, on=on, recipients=[{"unit": unit, "copies": 2}],
          summary="Phương án vận chuyển tiền mặt năm trước, đã thay thế (dữ liệu minh họa)")
    return 3
