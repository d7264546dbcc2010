"""Organisation: units (an effective-dated tree), positions, people and their
tenures, delegations (ủy quyền), access assignments and commitments.

Dates are effective dates: `valid_to` is the last day something holds (inclusive);
an empty `valid_to` means "until further notice"."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bmnn.core import text
from bmnn.core.levels import Level


def dates_in_order(name: str) -> models.CheckConstraint:
    """Database backstop for the services' own check: an end date is never before the start."""
    return models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                  name=name)


def valid_on_q(on: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


class EffectiveQuerySet(models.QuerySet):
    def valid_on(self, on: dt.date):
        return self.filter(valid_on_q(on))


class Effective(models.Model):
    valid_from = models.DateField(verbose_name=_("Hiệu lực từ ngày"))
    valid_to = models.DateField(null=True, blank=True, verbose_name=_("Hiệu lực đến ngày"))

    class Meta:
        abstract = True

    def is_valid_on(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class Searchable(models.Model):
    """A folded copy for diacritic-insensitive search and a Vietnamese sort key."""

    search_text = models.TextField(blank=True, editable=False, db_index=False)
    sort_key = models.CharField(max_length=600, blank=True, editable=False, db_index=True)

    class Meta:
        abstract = True

    def searchable_parts(self) -> list[str]:  # pragma: no cover - overridden
        return []

    def sort_source(self) -> str:  # pragma: no cover - overridden
        return ""

    def refresh_search(self) -> None:
        self.search_text = text.fold(" ".join(p for p in self.searchable_parts() if p))
        self.sort_key = text.sort_key(self.sort_source())[:600]

    def save(self, *args, **kwargs):
        self.refresh_search()
        super().save(*args, **kwargs)


class UnitKind(models.TextChoices):
    MINISTRY = "MINISTRY", _("Bộ, cơ quan ngang bộ")
    DEPARTMENT = "DEPARTMENT", _("Cục, vụ")
    PROVINCIAL_COMMITTEE = "PROVINCIAL_COMMITTEE", _("Ủy ban nhân dân tỉnh")
    PROVINCIAL_POLICE = "PROVINCIAL_POLICE", _("Công an tỉnh, thành phố")
    PROVINCIAL_DEPARTMENT = "PROVINCIAL_DEPARTMENT", _("Sở, ban, ngành tỉnh")
    DIVISION = "DIVISION", _("Phòng và tương đương")
    COMMUNE_COMMITTEE = "COMMUNE_COMMITTEE", _("Ủy ban nhân dân xã, phường, đặc khu")
    COMMUNE_POLICE = "COMMUNE_POLICE", _("Công an xã, phường, đặc khu")
    DISTRICT = "DISTRICT", _("Đơn vị cấp huyện (trước 01/7/2025)")
    TREASURY_REGION = "TREASURY_REGION", _("Kho bạc Nhà nước khu vực")
    STATE_BANK_REGION = "STATE_BANK_REGION", _("Ngân hàng Nhà nước khu vực")
    TRANSACTION_OFFICE = "TRANSACTION_OFFICE", _("Phòng giao dịch")
    POST = "POST", _("Bưu điện")
    ENTERPRISE = "ENTERPRISE", _("Doanh nghiệp nhà nước")
    PUBLIC_SERVICE_UNIT = "PUBLIC_SERVICE_UNIT", _("Đơn vị sự nghiệp công lập")
    OTHER = "OTHER", _("Khác")


class UnitQuerySet(EffectiveQuerySet):
    def descendant_ids(self, root_ids) -> set[int]:
        """The given units and every unit below them (the tree is small: one query)."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in Unit.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        seen: set[int] = set()
        stack = list(root_ids)
        while stack:
            pk = stack.pop()
            if pk in seen:
                continue
            seen.add(pk)
            stack.extend(children.get(pk, []))
        return seen

    def ancestor_ids(self, unit_id: int) -> list[int]:
        """The unit and its ancestors, nearest first."""
        return _chain(dict(Unit.objects.values_list("pk", "parent_id")), unit_id)

    def with_ancestor_ids(self, unit_ids) -> set[int]:
        """The given units and every unit above them (one query, however many units)."""
        parents = dict(Unit.objects.values_list("pk", "parent_id"))
        return {pk for unit_id in unit_ids for pk in _chain(parents, unit_id)}


def _chain(parents: dict, unit_id: int | None) -> list[int]:
    chain, pk = [], unit_id
    while pk is not None and pk not in chain:
        chain.append(pk)
        pk = parents.get(pk)
    return chain


class Unit(Effective, Searchable):
    """A body, organisation or unit (cơ quan, tổ chức, đơn vị).

    Reforms are data: a merged or renamed unit gets `valid_to` and a `successor`;
    its history stays."""

    kind = models.CharField(max_length=40, choices=UnitKind.choices, verbose_name=_("Loại đơn vị"))
    name = models.CharField(max_length=300, verbose_name=_("Tên chính thức"))
    code = models.CharField(max_length=50, verbose_name=_("Mã, ký hiệu viết tắt"), help_text=_("Ví dụ: PA03, CAT, KBNN-KV5"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("Đơn vị cấp trên"))
    successor = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors",
                                  verbose_name=_("Đơn vị kế thừa"))
    founding_reference = models.CharField(max_length=200, blank=True, verbose_name=_("Văn bản thành lập"),
                                          help_text=_("Số, ký hiệu quyết định thành lập, tổ chức lại"))
    closing_reference = models.CharField(max_length=200, blank=True, verbose_name=_("Văn bản giải thể, sáp nhập"),
                                         help_text=_("Số, ký hiệu văn bản chấm dứt hoạt động, sáp nhập, hợp nhất"))

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("Đơn vị")
        verbose_name_plural = _("Đơn vị")
        # Codes such as PA03 repeat from one province to the next: unique among siblings only
        # (services also refuse overlapping periods; NULL parents are checked there).
        constraints = [models.UniqueConstraint(fields=["parent", "code", "valid_from"],
                                               name="unit_code_unique_among_siblings"),
                       dates_in_order("unit_dates_in_order")]

    def __str__(self) -> str:
        return self.name

    def searchable_parts(self):
        return [self.name, self.code]

    def sort_source(self):
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.valid_to is not None


class Role(models.TextChoices):
    LEADER = "leader", _("Lãnh đạo (người đứng đầu)")
    DEPUTY = "deputy", _("Cấp phó")
    SECURITY_OFFICER = "security_officer", _("Cán bộ bảo mật")
    CLERK = "clerk", _("Văn thư")
    INSPECTOR = "inspector", _("Cán bộ kiểm tra (PA03)")
    STAFF = "staff", _("Cán bộ, công chức")


class Position(Effective, Searchable):
    """A post in a unit. `authority_class` is a code from the rulebook's authority
    classes (e.g. `provincial_department_head`); the rulebook says what it may decide."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="positions", verbose_name=_("Đơn vị"))
    title = models.CharField(max_length=200, verbose_name=_("Chức vụ"))
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.STAFF, verbose_name=_("Vai trò"))
    authority_class = models.CharField(max_length=60, blank=True, verbose_name=_("Nhóm thẩm quyền"))

    objects = EffectiveQuerySet.as_manager()

    class Meta:
        ordering = ["unit__sort_key", "sort_key"]
        verbose_name = _("Chức vụ")
        verbose_name_plural = _("Chức vụ")
        constraints = [dates_in_order("position_dates_in_order")]

    def __str__(self) -> str:
        return f"{self.title} – {self.unit.code}"

    def searchable_parts(self):
        return [self.title]

    def sort_source(self):
        return self.title


class PersonManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, username, password=None, **fields):
        person = self.model(username=username, **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, username, password=None, **fields):
        fields.setdefault("is_system_admin", True)
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", False)
        return self.create_user(username, password, **fields)


class Person(AbstractBaseUser, PermissionsMixin, Searchable):
    """A person and their account. The system administrator manages accounts and
    settings but sees no secret item unless they also hold an access assignment."""

    username = models.CharField(max_length=80, unique=True, verbose_name=_("Tên đăng nhập"))
    full_name = models.CharField(max_length=200, verbose_name=_("Họ và tên"))
    email = models.EmailField(blank=True, verbose_name=_("Thư điện tử"))
    phone = models.CharField(max_length=30, blank=True, verbose_name=_("Điện thoại"))
    is_active = models.BooleanField(default=True, verbose_name=_("Đang hoạt động"))
    is_staff = models.BooleanField(default=False, verbose_name=_("Quản trị kỹ thuật"))
    is_system_admin = models.BooleanField(default=False, verbose_name=_("Quản trị hệ thống"))
    # Set when an administrator creates or resets the account: the initial password
    # is known to someone else, so the person must replace it at first login.
    must_change_password = models.BooleanField(default=False, verbose_name=_("Phải đổi mật khẩu khi đăng nhập"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonManager()
    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("Cán bộ")
        verbose_name_plural = _("Cán bộ")

    def __str__(self) -> str:
        return self.full_name or self.username

    def searchable_parts(self):
        return [self.full_name, self.username]

    def sort_source(self):
        words = text.nfc(self.full_name).split()
        return " ".join([words[-1], *words[:-1]]) if words else self.username

    def tenures_on(self, on: dt.date):
        return self.tenures.held_on(on).select_related("position", "position__unit")

    def unit_ids_on(self, on: dt.date) -> set[int]:
        """The units of the posts the person holds on `on` (the one definition of "their units")."""
        return set(self.tenures.held_on(on).values_list("position__unit_id", flat=True))


class TenureQuerySet(EffectiveQuerySet):
    def held_on(self, on: dt.date):
        """Posts actually held on `on`: the tenure and its position both valid that day.
        Every "who holds what" question (roles, authority, a person's units) starts here."""
        return self.valid_on(on).filter(valid_on_q(on, "position__"))


class Tenure(Effective):
    """A person holding a position, effective-dated (bổ nhiệm, điều động)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="tenures", verbose_name=_("Cán bộ"))
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="tenures", verbose_name=_("Chức vụ"))
    decision_reference = models.CharField(max_length=120, blank=True, verbose_name=_("Quyết định bổ nhiệm, phân công"))

    objects = TenureQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("Quá trình giữ chức vụ")
        verbose_name_plural = _("Quá trình giữ chức vụ")
        constraints = [dates_in_order("tenure_dates_in_order")]

    def __str__(self) -> str:
        return f"{self.person} – {self.position}"


class Delegation(Effective):
    """Ủy quyền bằng văn bản: from a head to a deputy, for named acts and levels.
    A delegate cannot delegate further (Luật BVBMNN 2018 Điều 11.5)."""

    delegator = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="delegations_given",
                                  verbose_name=_("Người ủy quyền"))
    delegate = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="delegations_received",
                                 verbose_name=_("Người được ủy quyền"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="delegations", verbose_name=_("Đơn vị"))
    acts = models.JSONField(default=list, verbose_name=_("Các việc được ủy quyền"))
    levels = models.JSONField(default=list, verbose_name=_("Độ mật"))
    reference = models.CharField(max_length=120, verbose_name=_("Văn bản ủy quyền (số, ký hiệu)"))
    signed_on = models.DateField(verbose_name=_("Ngày ký văn bản ủy quyền"))
    scope_note = models.CharField(max_length=500, blank=True, verbose_name=_("Phạm vi, nội dung"))
    revoked_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày thu hồi ủy quyền"))
    revoke_reason = models.CharField(max_length=300, blank=True, verbose_name=_("Lý do thu hồi"))
    recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("Người ghi nhận"))

    objects = EffectiveQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("Ủy quyền")
        verbose_name_plural = _("Ủy quyền")
        constraints = [dates_in_order("delegation_dates_in_order")]

    def __str__(self) -> str:
        return f"{self.reference}: {self.delegator} → {self.delegate}"

    def covers(self, act: str, level: str, on: dt.date) -> bool:
        active = self.is_valid_on(on) and (self.revoked_on is None or on < self.revoked_on)
        return active and act in self.acts and level in self.levels


class AccessAssignmentQuerySet(EffectiveQuerySet):
    def active(self, on: dt.date):
        """Valid on `on`, not revoked, and backed by a signed commitment."""
        return self.valid_on(on).filter(
            Q(revoked_on__isnull=True) | Q(revoked_on__gt=on),
            commitment__signed_on__lte=on,
        )


class AccessAssignment(Effective):
    """Người được giao tiếp cận BMNN: decided by the head, for a highest level and a
    set of units. Not active until the person's commitment (cam kết) is signed."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("Cán bộ"))
    max_level = models.CharField(max_length=20, choices=Level.choices, verbose_name=_("Độ mật cao nhất được tiếp cận"))
    units = models.ManyToManyField(Unit, related_name="assignments", verbose_name=_("Đơn vị được tiếp cận"))
    decision_reference = models.CharField(max_length=120, verbose_name=_("Văn bản giao (số, ký hiệu)"))
    decided_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assignments_decided",
                                   verbose_name=_("Người quyết định"))
    decided_on = models.DateField(verbose_name=_("Ngày quyết định"))
    revoked_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày chấm dứt"))
    revoke_reason = models.CharField(max_length=300, blank=True, verbose_name=_("Lý do chấm dứt"))
    recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("Người ghi nhận"))

    objects = AccessAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("Giao tiếp cận BMNN")
        verbose_name_plural = _("Giao tiếp cận BMNN")
        constraints = [dates_in_order("assignment_dates_in_order")]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_max_level_display()} ({self.decision_reference})"

    def is_active(self, on: dt.date) -> bool:
        commitment = getattr(self, "commitment", None) if self.pk else None
        return (self.is_valid_on(on) and (self.revoked_on is None or on < self.revoked_on)
                and commitment is not None and commitment.signed_on <= on)


class Commitment(models.Model):
    """Bản cam kết bảo vệ BMNN, signed by the assigned person."""

    assignment = models.OneToOneField(AccessAssignment, on_delete=models.PROTECT, related_name="commitment",
                                      verbose_name=_("Giao tiếp cận"))
    signed_on = models.DateField(verbose_name=_("Ngày ký cam kết"))
    reference = models.CharField(max_length=120, blank=True, verbose_name=_("Số, ký hiệu bản cam kết"))
    text_sha256 = models.CharField(max_length=64, blank=True, verbose_name=_("Mã băm nội dung cam kết"))
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="commitments_recorded",
                                    verbose_name=_("Người ghi nhận"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Cam kết bảo vệ BMNN")
        verbose_name_plural = _("Cam kết bảo vệ BMNN")

    def __str__(self) -> str:
        return f"Cam kết {self.reference or self.pk} ({self.assignment.person})"
