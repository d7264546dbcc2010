"""Meetings with secret content (hội nghị, hội thảo, cuộc họp có nội dung BMNN): the
approval to use the content, the attendees, the venue and equipment checks, the
protection plan, the daily room seals and the copies handed out and recovered
(Law 2018 Arts. 17–18, Decree 26/2020 Art. 6; rule E1).

A meeting is protected like an item (MeetingQuerySet): its level is the level of its
content and its unit the organising unit."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bmnn.core.access import ProtectedQuerySet
from bmnn.core.levels import Level
from bmnn.org.models import Person, Unit


class MeetingKind(models.TextChoices):
    CONFERENCE = "conference", _("Hội nghị")
    SEMINAR = "seminar", _("Hội thảo")
    MEETING = "meeting", _("Cuộc họp")


class MeetingStatus(models.TextChoices):
    REQUESTED = "requested", _("Chờ đồng ý sử dụng nội dung BMNN")
    APPROVED = "approved", _("Đã được đồng ý, đang chuẩn bị")
    REFUSED = "refused", _("Không được đồng ý")
    IN_PROGRESS = "in_progress", _("Đang họp")
    ENDED = "ended", _("Đã kết thúc, đang thu hồi tài liệu")
    CLOSED = "closed", _("Đã kết thúc hồ sơ")


class ApprovalSource(models.TextChoices):
    INTERNAL = "internal", _("Người có thẩm quyền trong hệ thống")
    EXTERNAL = "external", _("Văn bản của người có thẩm quyền ngoài hệ thống")


class VenueKind(models.TextChoices):
    HQ_ROOM = "hq_room", _("Phòng họp kín tại trụ sở")
    OFF_SITE = "off_site", _("Ngoài trụ sở (đã được Công an kiểm tra an ninh, an toàn)")


class EquipmentKind(models.TextChoices):
    WIRED_CHECKED = "wired_checked", _("Micro có dây, thiết bị đã được Công an kiểm tra trước khi lắp đặt")
    CIPHER = "cipher", _("Thiết bị do Ban Cơ yếu Chính phủ trang bị (kể cả đường truyền hội nghị truyền hình)")
    NONE = "none", _("Không sử dụng thiết bị âm thanh, hình ảnh")


class MeetingQuerySet(ProtectedQuerySet):
    """Who may know of a meeting: the mandatory filter on its level at the organising unit
    (or for an attendee, wherever their assignment is: an attendee from another unit is
    admitted only after their clearance for the level was checked), then need-to-know:
    the organising unit's people (and the units above it, where those who may approve
    sit), the attendees, whoever requested or decided it."""

    unit_field = "organising_unit"

    def covered_units_q(self, units, person, on):
        return Q(organising_unit_id__in=units) | Q(pk__in=MeetingAttendee.objects.filter(person=person)
                                                   .values("meeting_id"))

    def need_to_know_q(self, person, on):
        own = Unit.objects.descendant_ids(person.unit_ids_on(on))
        return (Q(organising_unit_id__in=own) | Q(requested_by=person) | Q(decided_by=person)
                | Q(pk__in=MeetingAttendee.objects.filter(person=person).values("meeting_id")))


class Meeting(models.Model):
    title = models.CharField(max_length=300, verbose_name=_("Tên hội nghị, hội thảo, cuộc họp"))
    kind = models.CharField(max_length=20, choices=MeetingKind.choices, default=MeetingKind.MEETING,
                            verbose_name=_("Loại"))
    level = models.CharField(max_length=20, choices=Level.choices, verbose_name=_("Độ mật của nội dung"))
    organising_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="meetings",
                                        verbose_name=_("Đơn vị tổ chức"))
    start_date = models.DateField(verbose_name=_("Từ ngày"))
    end_date = models.DateField(verbose_name=_("Đến ngày"))
    foreign_element = models.BooleanField(default=False, verbose_name=_("Có yếu tố nước ngoài"))
    chair = models.CharField(max_length=200, verbose_name=_("Người chủ trì"))
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.REQUESTED,
                              db_index=True)
    requested_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    # The approval to use the secret content (Art. 17: the Art. 15 authority; Art. 18: written, Art. 16.1).
    approval_source = models.CharField(max_length=20, choices=ApprovalSource.choices, blank=True)
    decided_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(null=True, blank=True)
    decision_reason = models.CharField(max_length=500, blank=True)
    authority_basis = models.CharField(max_length=300, blank=True)
    approval_reference = models.CharField(max_length=120, blank=True, verbose_name=_("Số, ký hiệu văn bản đồng ý"))
    approver_name = models.CharField(max_length=200, blank=True)  # outside the installation
    approver_position = models.CharField(max_length=200, blank=True)
    approver_class = models.CharField(max_length=60, blank=True)  # rulebook authority class
    approval_recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                                             related_name="+")
    # Venue, equipment, protection plan (Decree 26 Art. 6).
    venue_kind = models.CharField(max_length=20, choices=VenueKind.choices, blank=True)
    venue_name = models.CharField(max_length=300, blank=True)
    police_check_reference = models.CharField(max_length=200, blank=True)
    police_check_on = models.DateField(null=True, blank=True)
    equipment_kind = models.CharField(max_length=20, choices=EquipmentKind.choices, blank=True)
    equipment_check_reference = models.CharField(max_length=200, blank=True)
    equipment_note = models.CharField(max_length=500, blank=True)
    plan = models.TextField(blank=True)
    guards = models.TextField(blank=True)
    contingency = models.TextField(blank=True)
    device_instructions = models.CharField(max_length=500, blank=True)  # the chair's, where the level leaves it
    opened_on = models.DateField(null=True, blank=True)
    opened_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ended_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("Hội nghị, hội thảo, cuộc họp có nội dung BMNN")
        constraints = [models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")),
                                              name="meeting_dates_ordered")]
        indexes = [models.Index(fields=["status", "organising_unit"], name="meeting_status_unit_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def multi_day(self) -> bool:
        return self.days >= 2


class MeetingAttendee(models.Model):
    """A person of the installation (checked for clearance) or a person from outside
    (named, with the letter that sent them)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendees")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    external_name = models.CharField(max_length=200, blank=True)
    external_body = models.CharField(max_length=300, blank=True)
    external_position = models.CharField(max_length=200, blank=True)
    introduction_reference = models.CharField(max_length=200, blank=True)
    added_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    added_on = models.DateField()
    security_check_reference = models.CharField(max_length=300, blank=True)
    security_checked_on = models.DateField(null=True, blank=True)
    security_check_recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                                                   related_name="+")

    class Meta:
        ordering = ["meeting", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], condition=Q(person__isnull=False),
                                               name="meeting_attendee_once")]

    @property
    def name(self) -> str:
        return self.person.full_name if self.person_id else self.external_name

    @property
    def where_from(self) -> str:
        return self.external_body if not self.person_id else ""

    def __str__(self) -> str:
        return self.name + (f" ({self.external_body})" if self.external_body else "")


class MeetingSeal(models.Model):
    """Niêm phong phòng họp after one day of a meeting of 2 days or more."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="seals")
    day = models.DateField()
    seal_reference = models.CharField(max_length=200)
    witnesses = models.CharField(max_length=300, blank=True)
    sealed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    sealed_at = models.DateTimeField()

    class Meta:
        ordering = ["meeting", "day"]
        constraints = [models.UniqueConstraint(fields=["meeting", "day"], name="meeting_seal_per_day")]


class HandoutStatus(models.TextChoices):
    OUT = "out", _("Đã phát, chưa thu hồi")
    RECOVERED = "recovered", _("Đã thu hồi")
    LOST = "lost", _("Không thu hồi được (đã mở vụ việc mất)")


class MeetingHandout(models.Model):
    """One copy handed to one attendee, with where it came from (it goes back there)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="handouts")
    copy = models.ForeignKey("records.Copy", on_delete=models.PROTECT, related_name="+")
    attendee = models.ForeignKey(MeetingAttendee, on_delete=models.PROTECT, related_name="handouts")
    status = models.CharField(max_length=20, choices=HandoutStatus.choices, default=HandoutStatus.OUT)
    handed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    handed_on = models.DateField()
    from_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_storage_place = models.CharField(max_length=200, blank=True)
    recovered_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recovered_on = models.DateField(null=True, blank=True)
    incident = models.ForeignKey("records.Incident", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")

    class Meta:
        ordering = ["meeting", "pk"]
        constraints = [models.UniqueConstraint(fields=["copy"], condition=Q(status="out"),
                                               name="meeting_copy_out_once")]


__all__ = ["ApprovalSource", "EquipmentKind", "HandoutStatus", "Meeting", "MeetingAttendee", "MeetingHandout",
           "MeetingKind", "MeetingQuerySet", "MeetingSeal", "MeetingStatus", "VenueKind"]
