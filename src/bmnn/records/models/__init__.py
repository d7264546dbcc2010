"""Secret items, their copies and custody, the lists that justify them, the
registers and the records of every act on them."""

from bmnn.records.models.acts import (ClassificationDecision, ClassificationOutcome, Delivery, DeliveryStatus,
                                      EnvelopeMark, Incident, IncidentKind, Receipt, Reproduction,
                                      ReproductionMethod, ReproductionStatus, StockTake, StockTakeLine,
                                      StockTakeStatus)
from bmnn.records.models.classification import UnmarkedReport
from bmnn.records.models.items import (AccessGrant, Copy, CopyOrigin, CopyStatus, CustodyRecord, ItemKind,
                                       ItemStatus, Recipient, SecretItem, SecretItemQuerySet)
from bmnn.records.models.lists import SecretList, SecretListEntry
from bmnn.records.models.recall import (Departure, DepartureKind, Handover, HandoverDestination, Recall,
                                        RecallLine, RecallStatus)
from bmnn.records.models.registers import Register, RegisterCounter, RegisterEntry, RegisterKind

__all__ = [
    "AccessGrant", "ClassificationDecision", "ClassificationOutcome", "Copy", "CopyOrigin", "CopyStatus",
    "CustodyRecord", "Delivery", "DeliveryStatus", "EnvelopeMark", "Incident", "IncidentKind", "ItemKind",
    "ItemStatus", "Receipt", "Recipient", "Register", "RegisterCounter", "RegisterEntry", "RegisterKind",
    "Reproduction", "ReproductionMethod", "ReproductionStatus", "SecretItem", "SecretItemQuerySet", "SecretList",
    "SecretListEntry", "StockTake", "StockTakeLine", "StockTakeStatus", "UnmarkedReport",
]
__all__ += ["Departure", "DepartureKind", "Handover", "HandoverDestination", "Recall", "RecallLine", "RecallStatus"]
