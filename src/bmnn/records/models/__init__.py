"""Secret items, their copies and custody, the lists that justify them, the
registers and the records of every act on them."""

from bmnn.records.models.acts import (ClassificationDecision, ClassificationOutcome, Delivery, DeliveryStatus,
                                      EnvelopeMark, Incident, IncidentKind, Receipt, Reproduction,
                                      ReproductionMethod, ReproductionStatus, StockTake, StockTakeLine,
                                      StockTakeStatus)
from bmnn.records.models.carryout import CarryOut, CarryOutCopy, CarryOutScope, CarryOutStatus  # noqa: F401
from bmnn.records.models.classification import UnmarkedReport
from bmnn.records.models.destruction import (Destruction, DestructionLine, DestructionRecord, DestructionSignature,
                                              DestructionStatus, EmergencyDestruction, SignatureMethod)
from bmnn.records.models.declass import Declassification, DeclassificationGround
from bmnn.records.models.councils import Council, CouncilKind, CouncilMember, CouncilRole, CouncilStatus
from bmnn.records.models.items import (AccessGrant, Copy, CopyOrigin, CopyStatus, CustodyRecord, ItemKind,
                                       ItemStatus, Recipient, SecretItem, SecretItemQuerySet)
from bmnn.records.models.lists import SecretList, SecretListEntry
from bmnn.records.models.notices import Notice, NoticeAct, NoticeStatus
from bmnn.records.models.provision import (DecisionMode, ExternalReceipt, IdentityDocument, Provision,
                                           ProvisionScope, ProvisionStatus, RequesterKind)
from bmnn.records.models.meetings import *  # noqa: F401,F403 (meetings: Meeting, MeetingAttendee, ...)
from bmnn.records.models.recall import (Departure, DepartureKind, Handover, HandoverDestination, Recall,
                                        RecallLine, RecallStatus)
from bmnn.records.models.periods import Adjustment, Extension
from bmnn.records.models.registers import Register, RegisterCounter, RegisterEntry, RegisterKind

__all__ = [
    "AccessGrant", "ClassificationDecision", "ClassificationOutcome", "Copy", "Council", "CouncilKind",
    "CouncilMember", "CouncilRole", "CouncilStatus", "CopyOrigin", "CopyStatus",
    "CustodyRecord", "Delivery", "Destruction", "DestructionLine", "DestructionRecord", "DestructionSignature",
    "DestructionStatus", "EmergencyDestruction", "SignatureMethod", "DeliveryStatus", "EnvelopeMark", "Incident", "IncidentKind", "ItemKind",
    "CustodyRecord", "Declassification", "DeclassificationGround", "Delivery", "DeliveryStatus", "EnvelopeMark", "Incident", "IncidentKind", "ItemKind",
    "ItemStatus", "Notice", "NoticeAct", "NoticeStatus", "Receipt", "Recipient", "Register", "RegisterCounter", "RegisterEntry", "RegisterKind",
    "Reproduction", "ReproductionMethod", "ReproductionStatus", "SecretItem", "SecretItemQuerySet", "SecretList",
    "SecretListEntry", "StockTake", "StockTakeLine", "StockTakeStatus", "UnmarkedReport",
]
__all__ += ["DecisionMode", "ExternalReceipt", "IdentityDocument", "Provision", "ProvisionScope", "ProvisionStatus",
            "RequesterKind"]
__all__ += ["Departure", "DepartureKind", "Handover", "HandoverDestination", "Recall", "RecallLine", "RecallStatus"]
__all__ += ["Adjustment", "Extension"]
