"""Records of the acts on items: classification decisions, deliveries with their
signed receipts, reproductions, stock-takes and the incidents they open."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bmnn.core.levels import Level
from bmnn.org.models import Person, Unit


class ClassificationOutcome(models.TextChoices):
    APPROVED = "approved", _("Quyết định")
    RETURNED = "returned", _("Trả lại")


class ClassificationDecision(models.Model):
    """The decider's answer to a drafter's proposal, with the authority it relied on."""

    item = models.ForeignKey("records.SecretItem", on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=20, choices=ClassificationOutcome.choices)
    level = models.CharField(max_length=20, choices=Level.choices)
    decided_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField()
    reason = models.CharField(max_length=500, blank=True)
    authority_basis = models.CharField(max_length=300, blank=True)
    via = models.CharField(max_length=20, blank=True)
    delegation = models.ForeignKey("org.Delegation", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "decided_at"]


class EnvelopeMark(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"


class DeliveryStatus(models.TextChoices):
    SENT = "sent", _("Đã giao, chờ ký nhận")
    RECEIVED = "received", _("Đã ký nhận")
    MISMATCH = "mismatch", _("Sai lệch khi nhận, chờ xử lý")
    REGISTERED = "registered", _("Đã vào sổ đến")
    # To a body or person outside the installation (provision): the sender records
    # the paper receipt the receiver signed.
    HANDED_OVER = "handed_over", _("Đã giao cho bên ngoài, có biên nhận")


class Delivery(models.Model):
    """Giao tài liệu: from a unit to a unit of the installation, or to a body or person
    outside it (`to_external`, provision), or registered on arrival from an outside body.
    Records the envelope as the level requires and the handover-book entry."""

    item = models.ForeignKey("records.SecretItem", on_delete=models.PROTECT, related_name="deliveries")
    copies = models.ManyToManyField("records.Copy", related_name="deliveries")
    from_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_external = models.CharField(max_length=300, blank=True)
    to_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_external = models.CharField(max_length=300, blank=True)
    named_recipient = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    named_recipient_only = models.BooleanField(default=False)
    envelope_mark = models.CharField(max_length=1, choices=EnvelopeMark.choices)
    inner_envelope = models.BooleanField(default=False)
    express = models.BooleanField(default=False)
    pages = models.PositiveIntegerField(default=0)
    attachments = models.PositiveIntegerField(default=0)
    handover_entry = models.ForeignKey("records.RegisterEntry", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    sent_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.SENT)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.CheckConstraint(
            condition=(models.Q(to_unit__isnull=False, to_external="")
                       | models.Q(to_unit__isnull=True) & ~models.Q(to_external="")),
            name="delivery_one_destination")]

    @property
    def addressee(self) -> str:
        return self.to_unit.name if self.to_unit_id else self.to_external


class Receipt(models.Model):
    """The signed receipt: counts made by the receiver, confirmed with their password
    or second factor. A mismatch is recorded and blocks registration until resolved."""

    delivery = models.ForeignKey(Delivery, on_delete=models.PROTECT, related_name="receipts")
    received_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    counted_copies = models.PositiveIntegerField()
    counted_pages = models.PositiveIntegerField()
    counted_attachments = models.PositiveIntegerField()
    confirmed_with = models.CharField(max_length=20)  # "password" | "totp"
    confirmed_at = models.DateTimeField()
    mismatch = models.BooleanField(default=False)
    mismatch_note = models.CharField(max_length=500, blank=True)
    resolved_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=500, blank=True)
    incoming_entry = models.ForeignKey("records.RegisterEntry", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")

    class Meta:
        ordering = ["-confirmed_at"]


class ReproductionMethod(models.TextChoices):
    TRUE_COPY = "sao_y", _("Sao y")
    TRANSCRIBED = "sao_luc", _("Sao lục")
    EXTRACT = "trich_sao", _("Trích sao")
    PHOTO = "chup", _("Chụp")


class ReproductionStatus(models.TextChoices):
    REQUESTED = "requested", _("Chờ quyết định")
    APPROVED = "approved", _("Đã cho phép")
    REFUSED = "refused", _("Không cho phép")
    DONE = "done", _("Đã sao, chụp")


class Reproduction(models.Model):
    item = models.ForeignKey("records.SecretItem", on_delete=models.PROTECT, related_name="reproductions")
    source_copy = models.ForeignKey("records.Copy", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=20, choices=ReproductionMethod.choices)
    copies_requested = models.PositiveIntegerField()
    purpose = models.CharField(max_length=500)
    requested_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=ReproductionStatus.choices, default=ReproductionStatus.REQUESTED)
    decided_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(null=True, blank=True)
    decision_reason = models.CharField(max_length=500, blank=True)
    authority_basis = models.CharField(max_length=300, blank=True)
    # The written delegation the decider acted under, when not deciding in their own right.
    delegation = models.ForeignKey("org.Delegation", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    executor = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    place = models.CharField(max_length=200, blank=True)
    device = models.CharField(max_length=200, blank=True)
    copies_made = models.PositiveIntegerField(default=0)
    copies_spoiled = models.PositiveIntegerField(default=0)
    register_entry = models.ForeignKey("records.RegisterEntry", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")

    class Meta:
        ordering = ["-requested_at"]


class StockTakeStatus(models.TextChoices):
    OPEN = "open", _("Đang kiểm kê")
    SIGNED = "signed", _("Đã ký biên bản")


class StockTake(models.Model):
    """Kiểm kê: every copy the registers say the unit holds, each presented or missing."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="stock_takes")
    as_of = models.DateField()
    conducted_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    members = models.ManyToManyField(Person, related_name="+", blank=True)
    status = models.CharField(max_length=20, choices=StockTakeStatus.choices, default=StockTakeStatus.OPEN)
    started_at = models.DateTimeField()
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-as_of"]


class StockTakeLine(models.Model):
    stock_take = models.ForeignKey(StockTake, on_delete=models.PROTECT, related_name="lines")
    copy = models.ForeignKey("records.Copy", on_delete=models.PROTECT, related_name="+")
    presented = models.BooleanField(null=True)  # None until checked
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stock_take", "copy"], name="stocktake_copy_unique")]


class IncidentKind(models.TextChoices):
    LOSS = "loss", _("Mất")
    LEAK = "leak", _("Lộ")


class Incident(models.Model):
    """Lộ, mất BMNN: opened (e.g. by a stock-take) and to be reported at once."""

    kind = models.CharField(max_length=10, choices=IncidentKind.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="incidents")
    item = models.ForeignKey("records.SecretItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    copy = models.ForeignKey("records.Copy", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    stock_take = models.ForeignKey(StockTake, null=True, blank=True, on_delete=models.PROTECT, related_name="incidents")
    opened_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()
    description = models.CharField(max_length=500, blank=True)
    reported_on = models.DateField(null=True, blank=True)
    reported_to = models.CharField(max_length=300, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
