"""Test factories for secret items. Tests of visibility build items directly; the
acts themselves (record_item, grant_access) are tested through the services."""

import datetime as dt

import factory

from bmnn.core.levels import Level
from bmnn.org.tests.factories import PersonFactory, UnitFactory
from bmnn.records import models


class SecretItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SecretItem

    reference = factory.Sequence(lambda n: f"{n}/BC-TEST")
    issued_on = dt.date(2026, 1, 5)
    document_type = "Báo cáo"
    level = Level.MAT
    holding_unit = factory.SubFactory(UnitFactory)
    issuing_unit = factory.SelfAttribute("holding_unit")
    summary = "Nội dung thử nghiệm"
    classified_on = dt.date(2026, 1, 5)
    decided_by = factory.SubFactory(PersonFactory)


class AccessGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AccessGrant

    item = factory.SubFactory(SecretItemFactory)
    person = factory.SubFactory(PersonFactory)
    granted_by = factory.SelfAttribute("item.decided_by")
    reason = "Phối hợp xử lý công việc"
