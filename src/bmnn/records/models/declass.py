"""Declassification (giải mật, Law 2018 Art. 22; legal-rules.md §3, §4.10, rules F3, F5).

One row per declassification of an item, whatever its ground:
- (a) `expired`: the protection period (with any extension) ended — applied by `bmnn tick`;
- (b) `decision`: the head of the classifying body decided it after a declassification
  council reported; it may be partial (the item stays secret, `released_content` says
  exactly what is released);
- (c) `list_removal`: the list entry the item was classified under was removed.

A full declassification (not partial) sets the item's status to DECLASSIFIED; its
`effective_on` is the date of the "GIẢI MẬT – Từ: …" stamp (TT 24 Mẫu 05). The row and
the council, its minutes, the notices and `other_papers` make up the dossier (hồ sơ giải
mật, Art. 22.5). The released content describes the item's content: kept here (as a
council's conclusion is), never in the ledger (only its hash)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bmnn.core.levels import Level
from bmnn.org.models import Person, Unit


class DeclassificationGround(models.TextChoices):
    EXPIRED = "expired", _("Hết thời hạn bảo vệ, không được gia hạn")
    DECISION = "decision", _("Theo quyết định của người đứng đầu (Hội đồng giải mật)")
    LIST_REMOVAL = "list_removal", _("Không còn thuộc danh mục bí mật nhà nước")


class Declassification(models.Model):
    item = models.ForeignKey("records.SecretItem", on_delete=models.PROTECT, related_name="declassifications",
                             verbose_name=_("Tài liệu, vật chứa BMNN"))
    ground = models.CharField(max_length=20, choices=DeclassificationGround.choices, verbose_name=_("Căn cứ"))
    partial = models.BooleanField(default=False, verbose_name=_("Giải mật một phần"))
    released_content = models.TextField(blank=True, verbose_name=_("Nội dung được giải mật"))
    # The item's level when declassified (an item keeps its level field; this is the record).
    level = models.CharField(max_length=20, choices=Level.choices, verbose_name=_("Độ mật khi giải mật"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("Cơ quan, tổ chức xác định bí mật nhà nước"))
    # Ground (b): the council that reported, the head's numbered decision and its authority.
    council = models.ForeignKey("records.Council", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="declassifications", verbose_name=_("Hội đồng giải mật"))
    reference = models.CharField(max_length=120, blank=True, verbose_name=_("Số quyết định giải mật"))
    decided_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("Người quyết định"))
    decided_on = models.DateField(verbose_name=_("Ngày quyết định, ngày giải mật"))
    authority_basis = models.CharField(max_length=300, blank=True, verbose_name=_("Căn cứ thẩm quyền"))
    # Ground (c): the entry removed from the list.
    list_entry = models.ForeignKey("records.SecretListEntry", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="declassifications", verbose_name=_("Mục bị đưa ra khỏi danh mục"))
    reason = models.CharField(max_length=500, blank=True, verbose_name=_("Lý do, căn cứ thực tiễn"))
    basis = models.CharField(max_length=300, verbose_name=_("Căn cứ pháp lý"))
    # "GIẢI MẬT – Từ: …": the date from which the declassification applies.
    effective_on = models.DateField(verbose_name=_("Giải mật từ ngày"))
    # The dossier's "other related papers": references only (attachments are out of scope).
    other_papers = models.TextField(blank=True, verbose_name=_("Giấy tờ khác trong hồ sơ (số, ký hiệu)"))
    recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("Giải mật")
        verbose_name_plural = _("Giải mật")
        constraints = [
            # An item is fully declassified once; partial declassifications may be several.
            models.UniqueConstraint(fields=["item"], condition=Q(partial=False), name="declass_full_once"),
            models.CheckConstraint(condition=Q(partial=False) | Q(ground="decision"), name="declass_partial_by_decision"),
        ]

    def __str__(self) -> str:
        return f"{self.get_ground_display()} – {self.item}"

    @property
    def stamp(self) -> str:
        """The text of the GIẢI MẬT stamp (Mẫu 05) for a full declassification."""
        return "" if self.partial else f"GIẢI MẬT – Từ: {self.effective_on:%d/%m/%Y}"
