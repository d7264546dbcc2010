"""Provision and transfer of a state secret to another body or person (cung cấp, chuyển
giao): the written request as the law lists it (Law 2018 Art. 15 in the country, Art. 16
abroad), the decision, and the delivery that carries the copies out; and the paper
receipt an outside receiver signs, recorded by the sender."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bmnn.org.models import Person


class ProvisionScope(models.TextChoices):
    DOMESTIC = "domestic", _("Cơ quan, tổ chức, người Việt Nam")
    FOREIGN = "foreign", _("Cơ quan, tổ chức, cá nhân nước ngoài")


class RequesterKind(models.TextChoices):
    ORGANISATION = "organisation", _("Cơ quan, tổ chức")
    INDIVIDUAL = "individual", _("Cá nhân")


class IdentityDocument(models.TextChoices):
    ID_CARD = "id_card", _("Căn cước công dân / Chứng minh nhân dân")
    PASSPORT = "passport", _("Hộ chiếu")
    POLICE_ID = "police_id", _("Chứng minh Công an nhân dân")
    MILITARY_ID = "military_id", _("Chứng minh quân đội nhân dân")


class ProvisionStatus(models.TextChoices):
    REQUESTED = "requested", _("Chờ quyết định")
    GRANTED = "granted", _("Đồng ý cung cấp, chờ giao")
    REFUSED = "refused", _("Từ chối (có văn bản nêu lý do)")
    DELIVERED = "delivered", _("Đã giao, chờ ghi biên nhận")
    RECEIVED = "received", _("Bên nhận đã ký nhận")


class DecisionMode(models.TextChoices):
    # Decided in the system by a person whose post carries the authority that day.
    IN_SYSTEM = "in_system", _("Người có thẩm quyền quyết định trong hệ thống")
    # Decided by an authority outside the installation (Prime Minister, a Minister…):
    # recorded from the decision's number, date and signer.
    RECORDED = "recorded", _("Ghi nhận quyết định của cấp có thẩm quyền bên ngoài")


class Provision(models.Model):
    """One written request to be provided a secret, its decision and its delivery."""

    item = models.ForeignKey("records.SecretItem", on_delete=models.PROTECT, related_name="provisions")
    scope = models.CharField(max_length=20, choices=ProvisionScope.choices)
    requester_kind = models.CharField(max_length=20, choices=RequesterKind.choices)
    # The written request itself.
    request_reference = models.CharField(max_length=120, blank=True)
    request_date = models.DateField()
    # An organisation and its representative (the representative's nationality,
    # passport and position are required for a foreign organisation).
    organisation_name = models.CharField(max_length=300, blank=True)
    representative_name = models.CharField(max_length=200, blank=True)
    representative_nationality = models.CharField(max_length=100, blank=True)
    representative_passport = models.CharField(max_length=50, blank=True)
    representative_position = models.CharField(max_length=200, blank=True)
    # An individual.
    full_name = models.CharField(max_length=200, blank=True)
    id_document = models.CharField(max_length=20, choices=IdentityDocument.choices, blank=True)
    id_number = models.CharField(max_length=50, blank=True)
    nationality = models.CharField(max_length=100, blank=True)
    address = models.CharField(max_length=300, blank=True)
    position = models.CharField(max_length=200, blank=True)
    # What is asked and why.
    copies_requested = models.PositiveIntegerField(default=1)
    purpose = models.CharField(max_length=500)
    # In the country: the task directly related to the secret the requester is assigned;
    # abroad: the international cooperation programme or official duty it serves.
    related_duty = models.CharField(max_length=500)
    commitment_to_protect = models.BooleanField(default=False)
    commitment_no_third_party = models.BooleanField(default=False)
    host_body = models.CharField(max_length=300, blank=True)  # the Vietnamese host body (foreign requests)
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=ProvisionStatus.choices, default=ProvisionStatus.REQUESTED)
    # The decision.
    decision_mode = models.CharField(max_length=20, choices=DecisionMode.choices, blank=True)
    decided_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(null=True, blank=True)
    decision_reason = models.CharField(max_length=1000, blank=True)
    authority_basis = models.CharField(max_length=300, blank=True)
    outside_reference = models.CharField(max_length=120, blank=True)
    outside_signer = models.CharField(max_length=200, blank=True)
    outside_capacity = models.CharField(max_length=60, blank=True)  # an authority class code of the regime
    decision_recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                                             related_name="+")
    delivery = models.OneToOneField("records.Delivery", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="provision")

    class Meta:
        ordering = ["-recorded_at"]

    @property
    def requester(self) -> str:
        if self.requester_kind == RequesterKind.ORGANISATION:
            return self.organisation_name
        return self.full_name

    @property
    def addressee(self) -> str:
        """The outside recipient as written on the envelope and in the handover book."""
        if self.requester_kind == RequesterKind.ORGANISATION:
            who = f"{self.organisation_name} (đại diện: {self.representative_name})"
        else:
            who = self.full_name + (f", {self.address}" if self.address else "")
        return who[:300]


class ExternalReceipt(models.Model):
    """The paper receipt a receiver outside the installation signed (in the handover book
    or on a receipt slip), recorded by the sending unit's keeper: the outside receiver
    has no account to sign with."""

    delivery = models.OneToOneField("records.Delivery", on_delete=models.PROTECT, related_name="external_receipt")
    signed_by = models.CharField(max_length=200)
    signed_on = models.DateField()
    counted_copies = models.PositiveIntegerField()
    paper_reference = models.CharField(max_length=120, blank=True)
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
