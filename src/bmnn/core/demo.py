"""The demo: a believable (fictitious) organisation as of 2026, loaded through the
services of each app so the ledger records its creation, exactly as if people had
entered it by hand. Loading twice changes nothing: every step first looks for what
it would create.

The province "Sơn Hà", its district "Tân Lập" and every person, number and
summary here are invented. Unit kinds, codes (PA03, PV01), the 2025 reforms
(district police closed on 28/02/2025; regional State Treasury "khu vực" with a
Roman numeral, regional State Bank "khu vực" with an Arabic numeral) follow
../shared/domain/vietnamese.md §3."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from bmnn.core.levels import Level

DEMO_PASSWORD = "ThuNghiem@2026"
ADMIN_USERNAME = "quantri"
ADMIN_FULL_NAME = "Nguyễn Thị Quỳnh"

M, TM, TUM = Level.MAT, Level.TOI_MAT, Level.TUYET_MAT
D = dt.date


@dataclass(frozen=True)
class UnitSpec:
    key: str
    name: str
    code: str
    kind: str
    valid_from: dt.date
    parent: str | None = None
    founding_reference: str = ""
    # A unit closed by a reform: its last day, its successor and the text that closed it.
    valid_to: dt.date | None = None
    successor: str | None = None
    closing_reference: str = ""


@dataclass(frozen=True)
class PositionSpec:
    key: str
    unit: str
    title: str
    role: str
    authority_class: str
    valid_from: dt.date


@dataclass(frozen=True)
class PersonSpec:
    username: str
    full_name: str
    # (position key, from, decision reference); a person may have held several posts.
    tenures: tuple[tuple[str, dt.date, str], ...]
    # Access assignment: (highest level, unit keys, decided by username); None for no assignment.
    clearance: tuple[str, tuple[str, ...], str] | None = None
    committed: bool = True  # False: an assignment decided but without a signed commitment (inactive)
    is_system_admin: bool = False
    # More assignments, same shape, for other bodies' secrets: each decided by the head of
    # that body (nobody heads two bodies), e.g. the bodies a police inspector inspects.
    more_clearances: tuple[tuple[str, tuple[str, ...], str], ...] = ()

    def assignments(self) -> list[tuple[str, tuple[str, ...], str]]:
        return [self.clearance, *self.more_clearances] if self.clearance else []


@dataclass(frozen=True)
class DelegationSpec:
    reference: str
    delegator: str
    delegate: str
    unit: str
    acts: tuple[str, ...]
    levels: tuple[str, ...]
    signed_on: dt.date
    scope_note: str


@dataclass(frozen=True)
class ItemSpec:
    reference: str
    document_type: str
    level: str
    holding_unit: str
    issuing_unit: str
    decided_by: str
    issued_on: dt.date
    summary: str


@dataclass(frozen=True)
class GrantSpec:
    reference: str  # the item's
    issuing_unit: str
    person: str
    granted_by: str
    reason: str


# --- The organisation -----------------------------------------------------------------

REFORM_POLICE = "Tổ chức Công an địa phương 3 cấp, không tổ chức Công an cấp huyện (từ 01/3/2025)"

UNITS = [
    UnitSpec("cat", "Công an tỉnh Sơn Hà", "CAT", "PROVINCIAL_POLICE", D(2008, 8, 1)),
    UnitSpec("pa03", "Phòng An ninh chính trị nội bộ", "PA03", "DIVISION", D(2008, 8, 1), parent="cat"),
    UnitSpec("pv01", "Phòng Tham mưu", "PV01", "DIVISION", D(2008, 8, 1), parent="cat"),
    UnitSpec("cah", "Công an huyện Tân Lập", "CAH-TL", "DISTRICT", D(2008, 8, 1), parent="cat",
             valid_to=D(2025, 2, 28), successor="cat", closing_reference=REFORM_POLICE),
    UnitSpec("kbnn", "Kho bạc Nhà nước khu vực XII", "KBNN-KVXII", "TREASURY_REGION", D(2025, 3, 1),
             founding_reference="Quyết định tổ chức Kho bạc Nhà nước theo mô hình 2 cấp (từ 01/3/2025)"),
    UnitSpec("kbnn_kt", "Phòng Kế toán nhà nước", "KTNN", "DIVISION", D(2025, 3, 1), parent="kbnn"),
    UnitSpec("nhnn", "Ngân hàng Nhà nước khu vực 7", "NHNN-KV7", "STATE_BANK_REGION", D(2025, 3, 1),
             founding_reference="Quyết định thành lập Ngân hàng Nhà nước khu vực (từ 01/3/2025)"),
    UnitSpec("nhnn_tq", "Phòng Tiền tệ – Kho quỹ", "TTKQ", "DIVISION", D(2025, 3, 1), parent="nhnn"),
    UnitSpec("bdt", "Bưu điện tỉnh Sơn Hà", "BĐT-SH", "POST", D(2025, 7, 1),
             founding_reference="Sắp xếp đơn vị hành chính cấp tỉnh (từ 01/7/2025)"),
]

POSITIONS = [
    PositionSpec("cat_gd", "cat", "Giám đốc Công an tỉnh", "leader", "police_provincial_director", D(2008, 8, 1)),
    PositionSpec("cat_pgd", "cat", "Phó Giám đốc Công an tỉnh", "deputy", "deputy", D(2008, 8, 1)),
    PositionSpec("cat_vt", "cat", "Cán bộ văn thư", "clerk", "none", D(2008, 8, 1)),
    PositionSpec("cat_bm", "cat", "Cán bộ bảo mật", "security_officer", "none", D(2008, 8, 1)),
    PositionSpec("cat_cb", "cat", "Cán bộ", "staff", "none", D(2008, 8, 1)),
    PositionSpec("pa03_tp", "pa03", "Trưởng phòng An ninh chính trị nội bộ", "leader", "police_division_head",
                 D(2008, 8, 1)),
    PositionSpec("pa03_kt", "pa03", "Cán bộ kiểm tra bảo vệ bí mật nhà nước", "inspector", "none", D(2008, 8, 1)),
    PositionSpec("pa03_cb", "pa03", "Cán bộ", "staff", "none", D(2008, 8, 1)),
    PositionSpec("pv01_tp", "pv01", "Trưởng phòng Tham mưu", "leader", "police_division_head", D(2008, 8, 1)),
    PositionSpec("pv01_cb", "pv01", "Cán bộ", "staff", "none", D(2008, 8, 1)),
    PositionSpec("pv01_it", "pv01", "Kỹ sư công nghệ thông tin", "staff", "none", D(2008, 8, 1)),
    PositionSpec("cah_tr", "cah", "Trưởng Công an huyện", "leader", "none", D(2008, 8, 1)),
    PositionSpec("kbnn_gd", "kbnn", "Giám đốc", "leader", "treasury_region_head", D(2025, 3, 1)),
    PositionSpec("kbnn_pgd", "kbnn", "Phó Giám đốc", "deputy", "deputy", D(2025, 3, 1)),
    PositionSpec("kbnn_vt", "kbnn", "Văn thư", "clerk", "none", D(2025, 3, 1)),
    PositionSpec("kbnn_bm", "kbnn", "Cán bộ bảo mật (kiêm nhiệm)", "security_officer", "none", D(2025, 3, 1)),
    PositionSpec("kbnn_cb", "kbnn", "Chuyên viên", "staff", "none", D(2025, 3, 1)),
    PositionSpec("kbnn_kt_tp", "kbnn_kt", "Trưởng phòng Kế toán nhà nước", "leader", "division_head_provincial",
                 D(2025, 3, 1)),
    PositionSpec("nhnn_gd", "nhnn", "Giám đốc", "leader", "state_bank_region_head", D(2025, 3, 1)),
    PositionSpec("nhnn_pgd", "nhnn", "Phó Giám đốc", "deputy", "deputy", D(2025, 3, 1)),
    PositionSpec("nhnn_vt", "nhnn", "Văn thư", "clerk", "none", D(2025, 3, 1)),
    PositionSpec("nhnn_bm", "nhnn", "Cán bộ bảo mật (kiêm nhiệm)", "security_officer", "none", D(2025, 3, 1)),
    PositionSpec("nhnn_cb", "nhnn", "Chuyên viên", "staff", "none", D(2025, 3, 1)),
    PositionSpec("nhnn_tq_tp", "nhnn_tq", "Trưởng phòng Tiền tệ – Kho quỹ", "leader", "division_head_provincial",
                 D(2025, 3, 1)),
    PositionSpec("bdt_gd", "bdt", "Giám đốc", "leader", "post_provincial_director", D(2025, 7, 1)),
    PositionSpec("bdt_pgd", "bdt", "Phó Giám đốc", "deputy", "deputy", D(2025, 7, 1)),
    PositionSpec("bdt_vt", "bdt", "Văn thư", "clerk", "none", D(2025, 7, 1)),
    PositionSpec("bdt_bm", "bdt", "Cán bộ bảo mật (kiêm nhiệm)", "security_officer", "none", D(2025, 7, 1)),
    PositionSpec("bdt_cb", "bdt", "Nhân viên khai thác bưu chính KT1", "staff", "none", D(2025, 7, 1)),
]

_CAT = "QĐ-CAT"
PEOPLE = [
    # Công an tỉnh Sơn Hà
    PersonSpec("thangnd", "Nguyễn Đức Thắng", (("cat_gd", D(2023, 1, 1), f"15/{_CAT}"),), (TUM, ("cat",), "thangnd")),
    PersonSpec("hungpv", "Phạm Văn Hùng", (("cah_tr", D(2020, 5, 1), "102/QĐ-CAT"),
                                          ("cat_pgd", D(2025, 3, 1), f"88/{_CAT}")), (TM, ("cat",), "thangnd")),
    PersonSpec("nhungtth", "Trần Thị Hồng Nhung", (("cat_vt", D(2019, 9, 1), f"210/{_CAT}"),), (TM, ("cat",), "thangnd")),
    PersonSpec("tuanlm", "Lê Minh Tuấn", (("cat_bm", D(2021, 3, 15), f"64/{_CAT}"),), (TM, ("cat",), "thangnd")),
    PersonSpec("maidt", "Đỗ Thị Mai", (("cat_cb", D(2024, 6, 1), f"301/{_CAT}"),), (M, ("cat",), "thangnd"),
               committed=False),
    PersonSpec("khanhvq", "Vũ Quốc Khánh", (("pa03_tp", D(2022, 4, 1), f"45/{_CAT}"),), (TM, ("pa03",), "thangnd")),
    # The inspector: PA03's secrets, and those of the bodies PA03 inspects, each decided by its head.
    PersonSpec("hahtt", "Hoàng Thị Thu Hà", (("pa03_kt", D(2021, 8, 1), f"77/{_CAT}"),), (TM, ("pa03",), "thangnd"),
               more_clearances=((TM, ("kbnn",), "longtv"), (TM, ("nhnn",), "quanghs"), (M, ("bdt",), "ducmc"))),
    PersonSpec("nambv", "Bùi Văn Nam", (("pa03_cb", D(2023, 2, 1), f"19/{_CAT}"),), (M, ("pa03",), "thangnd")),
    PersonSpec("anhdtl", "Đặng Thị Lan Anh", (("pv01_tp", D(2022, 10, 1), f"133/{_CAT}"),), (TM, ("pv01",), "thangnd")),
    PersonSpec("huynq", "Ngô Quang Huy", (("pv01_cb", D(2024, 1, 2), f"5/{_CAT}"),), (M, ("cat",), "thangnd")),
    # Kho bạc Nhà nước khu vực XII
    PersonSpec("longtv", "Trịnh Văn Long", (("kbnn_gd", D(2025, 3, 1), "12/QĐ-KBNN"),), (TM, ("kbnn",), "longtv")),
    PersonSpec("huongptt", "Phan Thị Thanh Hương", (("kbnn_pgd", D(2025, 3, 1), "13/QĐ-KBNN"),),
               (TM, ("kbnn",), "longtv")),
    PersonSpec("anhltn", "Lý Thị Ngọc Ánh", (("kbnn_vt", D(2025, 3, 1), "20/QĐ-KBNN.KVXII"),), (TM, ("kbnn",), "longtv")),
    PersonSpec("minhdc", "Đinh Công Minh", (("kbnn_bm", D(2025, 3, 1), "21/QĐ-KBNN.KVXII"),), (TM, ("kbnn",), "longtv")),
    PersonSpec("trangtt", "Tạ Thu Trang", (("kbnn_cb", D(2025, 4, 1), "35/QĐ-KBNN.KVXII"),), (M, ("kbnn",), "longtv"),
               committed=False),
    PersonSpec("datcv", "Cao Văn Đạt", (("kbnn_kt_tp", D(2025, 3, 1), "22/QĐ-KBNN.KVXII"),),
               (M, ("kbnn_kt",), "longtv")),
    # Ngân hàng Nhà nước khu vực 7
    PersonSpec("quanghs", "Hồ Sĩ Quang", (("nhnn_gd", D(2025, 3, 1), "310/QĐ-NHNN"),), (TM, ("nhnn",), "quanghs")),
    PersonSpec("phuongmt", "Mai Thị Phương", (("nhnn_pgd", D(2025, 3, 1), "311/QĐ-NHNN"),), (TM, ("nhnn",), "quanghs")),
    PersonSpec("hanhqt", "Quách Thị Hạnh", (("nhnn_vt", D(2025, 3, 1), "18/QĐ-NHNN.KV7"),), (TM, ("nhnn",), "quanghs")),
    PersonSpec("toankv", "Kiều Văn Toàn", (("nhnn_bm", D(2025, 3, 1), "19/QĐ-NHNN.KV7"),), (TM, ("nhnn",), "quanghs")),
    PersonSpec("baolg", "Lâm Gia Bảo", (("nhnn_cb", D(2025, 3, 1), "25/QĐ-NHNN.KV7"),), (M, ("nhnn",), "quanghs")),
    PersonSpec("oanhdtk", "Dương Thị Kim Oanh", (("nhnn_tq_tp", D(2025, 3, 1), "20/QĐ-NHNN.KV7"),),
               (M, ("nhnn_tq",), "quanghs")),
    # Bưu điện tỉnh Sơn Hà
    PersonSpec("ducmc", "Châu Minh Đức", (("bdt_gd", D(2025, 7, 1), "95/QĐ-BĐVN"),), (M, ("bdt",), "ducmc")),
    PersonSpec("ngocvtb", "Võ Thị Bích Ngọc", (("bdt_pgd", D(2025, 7, 1), "96/QĐ-BĐVN"),), (M, ("bdt",), "ducmc")),
    PersonSpec("tamatt", "Âu Thị Thanh Tâm", (("bdt_vt", D(2025, 7, 1), "12/QĐ-BĐT"),), (M, ("bdt",), "ducmc")),
    PersonSpec("phuctv", "Triệu Văn Phúc", (("bdt_bm", D(2025, 7, 1), "13/QĐ-BĐT"),), (M, ("bdt",), "ducmc")),
    PersonSpec("hoant", "Nông Thị Hoa", (("bdt_cb", D(2025, 7, 1), "14/QĐ-BĐT"),), (M, ("bdt",), "ducmc"),
               committed=False),
]
ADMIN_TENURE = ("pv01_it", D(2020, 1, 6), f"7/{_CAT}")

# Access decisions and commitments are dated after the 2026 regime came into force.
ASSIGNED_ON = D(2026, 3, 2)
COMMITTED_ON = D(2026, 3, 3)

DELEGATIONS = [
    DelegationSpec("02/GUQ-CAT", "thangnd", "hungpv", "cat", ("reproduce",), (TM, M), D(2026, 3, 5),
                   "Ủy quyền cho Phó Giám đốc cho phép sao, chụp tài liệu Tối mật, Mật của Công an tỉnh "
                   "khi Giám đốc vắng mặt (dữ liệu minh họa)."),
]

ITEMS = [
    ItemSpec("05/KH-CAT", "Kế hoạch", TUM, "cat", "cat", "thangnd", D(2026, 4, 8), ""),
    ItemSpec("12/BC-PA03", "Báo cáo", TM, "pa03", "cat", "thangnd", D(2026, 6, 15),
             "Báo cáo kết quả kiểm tra công tác bảo vệ bí mật nhà nước 6 tháng đầu năm (số liệu giả định)"),
    ItemSpec("27/TB-PA03", "Thông báo", M, "pa03", "cat", "thangnd", D(2026, 9, 3),
             "Thông báo lịch kiểm tra bảo vệ bí mật nhà nước tại các cơ quan trên địa bàn (dữ liệu minh họa)"),
    ItemSpec("31/KH-PV01", "Kế hoạch", M, "pv01", "cat", "thangnd", D(2026, 10, 12),
             "Kế hoạch trực ban dịp cuối năm (dữ liệu minh họa)"),
    ItemSpec("08/BC-KBNN.KVXII", "Báo cáo", M, "kbnn_kt", "kbnn", "longtv", D(2026, 7, 20),
             "Báo cáo tình hình an toàn kho quỹ quý II (dữ liệu minh họa)"),
    ItemSpec("14/PA-KBNN.KVXII", "Phương án", TM, "kbnn", "kbnn", "longtv", D(2026, 8, 4),
             "Phương án bảo vệ kho tiền khu vực (dữ liệu minh họa)"),
    ItemSpec("15/KH-NHNN.KV7", "Kế hoạch", TM, "nhnn_tq", "nhnn", "quanghs", D(2026, 5, 26),
             "Kế hoạch điều chuyển tiền mặt giữa các kho (dữ liệu minh họa)"),
    ItemSpec("03/BC-BĐT", "Báo cáo", M, "bdt", "bdt", "ducmc", D(2026, 9, 30),
             "Báo cáo công tác chuyển phát bưu gửi KT1 quý III (dữ liệu minh họa)"),
]

GRANTS = [
    GrantSpec("27/TB-PA03", "cat", "huynq", "thangnd",
              "Phòng Tham mưu phối hợp bố trí lịch kiểm tra (dữ liệu minh họa)"),
]


def totp_secret(username: str) -> str:
    """A fixed demo secret per account (base32, 160 bits), so the README can say how to get a code."""
    return base64.b32encode(hashlib.sha256(f"bmnn-demo:{username}".encode()).digest()[:20]).decode()


def demo_usernames() -> list[str]:
    return [ADMIN_USERNAME, *(p.username for p in PEOPLE)]


# --- Loading ---------------------------------------------------------------------------

@dataclass
class Loaded:
    units: dict = field(default_factory=dict)
    positions: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    created: int = 0  # how many objects this run created


def load() -> Loaded:
    """Load the demo (idempotent): every object is looked up before it is created."""
    loaded = Loaded()
    with transaction.atomic():
        admin = _admin(loaded)
        _units(admin, loaded)
        _positions(admin, loaded)
        _people(admin, loaded)
        _close_reformed_units(admin, loaded)
        _assignments(loaded)
        _delegations(loaded)
        _lists(admin, loaded)
        _items(loaded)
        _grants(loaded)
        from bmnn.computers.demo import load_demo_computers  # the register of computers: two imported scans
        loaded.created += load_demo_computers(loaded.units, loaded.people)
        from bmnn.records.demo_lifecycle import load_demo_lifecycle  # items for the walkthrough's lifecycle chapter
        loaded.created += load_demo_lifecycle(loaded.units, loaded.people, admin)
    return loaded


def _admin(loaded: Loaded):
    from bmnn.org import services as org_services
    from bmnn.org.models import Person

    admin = Person.objects.filter(username=ADMIN_USERNAME).first()
    if admin is None:
        admin = org_services.bootstrap_admin(ADMIN_USERNAME, ADMIN_FULL_NAME, DEMO_PASSWORD)
        loaded.created += 1
    loaded.people[ADMIN_USERNAME] = admin
    _second_factor(admin, loaded)
    return admin


def _units(admin, loaded: Loaded) -> None:
    from bmnn.org import services
    from bmnn.org.models import Unit

    for spec in UNITS:
        parent = loaded.units.get(spec.parent)
        unit = Unit.objects.filter(code=spec.code, parent=parent, valid_from=spec.valid_from).first()
        if unit is None:
            unit = services.create_unit(admin, name=spec.name, code=spec.code, kind=spec.kind, parent=parent,
                                        valid_from=spec.valid_from, founding_reference=spec.founding_reference)
            loaded.created += 1
        loaded.units[spec.key] = unit


def _positions(admin, loaded: Loaded) -> None:
    from bmnn.org import services
    from bmnn.org.models import Position

    for spec in POSITIONS:
        unit = loaded.units[spec.unit]
        position = Position.objects.filter(unit=unit, title=spec.title, role=spec.role).first()
        if position is None:
            position = services.create_position(admin, unit=unit, title=spec.title, role=spec.role,
                                                authority_class=spec.authority_class, valid_from=spec.valid_from)
            loaded.created += 1
        loaded.positions[spec.key] = position


def _people(admin, loaded: Loaded) -> None:
    from bmnn.org.models import Person

    for spec in PEOPLE:
        person = Person.objects.filter(username=spec.username).first()
        if person is None:
            person = _create_person(admin, spec.username, spec.full_name)
            loaded.created += 1
        loaded.people[spec.username] = person
        _second_factor(person, loaded)
        for position_key, start, reference in spec.tenures:
            _tenure(admin, person, loaded.positions[position_key], start, reference, loaded)
    _tenure(admin, loaded.people[ADMIN_USERNAME], loaded.positions[ADMIN_TENURE[0]], ADMIN_TENURE[1],
            ADMIN_TENURE[2], loaded)


def _create_person(admin, username: str, full_name: str):
    """A new account, through the administrator's act. Its initial password must be
    changed at first login, so the demo person changes it once, by the accounts
    service, to the published demo password: logging in then works at once."""
    from bmnn.accounts import services as accounts
    from bmnn.org import services

    initial = f"Khoi-tao-{totp_secret(username)[:8]}"
    person = services.create_person(admin, username=username, full_name=full_name, initial_password=initial)
    accounts.change_password(person, initial, DEMO_PASSWORD, address="demo")
    return person


def _second_factor(person, loaded: Loaded) -> None:
    from bmnn.accounts import policy, services as accounts

    if not policy.factor_enrolled(person):
        accounts.enrol_totp(person, totp_secret(person.username), actor=None)
        loaded.created += 1


def _tenure(admin, person, position, start: dt.date, reference: str, loaded: Loaded) -> None:
    from bmnn.org import services
    from bmnn.org.models import Tenure

    if not Tenure.objects.filter(person=person, position=position).exists():
        services.appoint(admin, person=person, position=position, valid_from=start, decision_reference=reference)
        loaded.created += 1


def _close_reformed_units(admin, loaded: Loaded) -> None:
    from bmnn.org import services

    for spec in UNITS:
        unit = loaded.units[spec.key]
        if spec.valid_to and unit.valid_to is None:
            services.close_unit(admin, unit, valid_to=spec.valid_to, successor=loaded.units[spec.successor],
                                closing_reference=spec.closing_reference)
            unit.refresh_from_db()
            loaded.created += 1


def _security_officer_for(person, unit, loaded: Loaded):
    """Who records an assignment or commitment: the body's state-secret officer; for
    the officer's own, the administrator (nobody records their own commitment)."""
    from bmnn.org.models import Role, Tenure

    body_ids = set(_ancestor_ids(unit))
    officer = (Tenure.objects.filter(position__role=Role.SECURITY_OFFICER, position__unit_id__in=body_ids,
                                     valid_to__isnull=True).exclude(person=person)
               .select_related("person").first())
    return officer.person if officer else loaded.people[ADMIN_USERNAME]


def _ancestor_ids(unit) -> list[int]:
    from bmnn.org.models import Unit

    return Unit.objects.ancestor_ids(unit.pk)


def _assignments(loaded: Loaded) -> None:
    for spec in PEOPLE:
        for index, (level, unit_keys, decided_by) in enumerate(spec.assignments()):
            _assignment(spec, level, [loaded.units[k] for k in unit_keys], decided_by, index, loaded)


def _assignment(spec: PersonSpec, level: str, units: list, decided_by: str, index: int, loaded: Loaded) -> None:
    """One decision, recorded by the state-secret officer of the body whose secrets it
    opens, and the person's commitment for it."""
    from bmnn.org import services
    from bmnn.org.models import AccessAssignment, Commitment

    person = loaded.people[spec.username]
    suffix = f"-{units[0].code}" if index else ""  # the first keeps the references it always had
    reference = f"GTC-{spec.username}{suffix}/2026"
    assignment = AccessAssignment.objects.filter(person=person, decision_reference=reference).first()
    if assignment is None:
        assignment = services.assign_access(
            _security_officer_for(None, units[0], loaded), person=person, max_level=level, units=units,
            decision_reference=reference, decided_by=loaded.people[decided_by], decided_on=ASSIGNED_ON,
            valid_from=ASSIGNED_ON)
        loaded.created += 1
    if spec.committed and not Commitment.objects.filter(assignment=assignment).exists():
        services.record_commitment(_security_officer_for(person, units[0], loaded), assignment,
                                   signed_on=COMMITTED_ON, reference=f"CK-{spec.username}{suffix}/2026")
        loaded.created += 1


def _delegations(loaded: Loaded) -> None:
    from bmnn.org import services
    from bmnn.org.models import Delegation

    for spec in DELEGATIONS:
        if Delegation.objects.filter(reference=spec.reference).exists():
            continue
        delegator = loaded.people[spec.delegator]
        services.record_delegation(delegator, delegator=delegator, delegate=loaded.people[spec.delegate],
                                   unit=loaded.units[spec.unit], acts=list(spec.acts), levels=list(spec.levels),
                                   reference=spec.reference, signed_on=spec.signed_on, valid_from=spec.signed_on,
                                   scope_note=spec.scope_note)
        loaded.created += 1


def _lists(admin, loaded: Loaded) -> None:
    """The fictitious list of state secrets (records/lists/demo.yaml), loaded by the
    administrator through the lists service; skipped when already loaded."""
    from pathlib import Path

    from bmnn.records.models import SecretList
    from bmnn.records.services.lists import load_list_file

    path = Path(__file__).resolve().parent.parent / "records" / "lists" / "demo.yaml"
    if not SecretList.objects.filter(code="DEMO-CA-SONHA").exists():
        load_list_file(admin, path, on=dt.date(2026, 1, 1))
        loaded.created += 1


def _items(loaded: Loaded) -> None:
    from bmnn.records import services
    from bmnn.records.models import ItemKind, SecretItem

    for spec in ITEMS:
        issuing = loaded.units[spec.issuing_unit]
        if SecretItem.objects.filter(reference=spec.reference, issuing_unit=issuing).exists():
            continue
        services.record_item(
            loaded.people[spec.decided_by], reference=spec.reference, issued_on=spec.issued_on,
            kind=ItemKind.DOCUMENT, document_type=spec.document_type, level=spec.level,
            holding_unit=loaded.units[spec.holding_unit], issuing_unit=issuing, summary=spec.summary,
            classified_on=spec.issued_on)
        loaded.created += 1


def _grants(loaded: Loaded) -> None:
    from bmnn.records import services
    from bmnn.records.models import AccessGrant, SecretItem

    for spec in GRANTS:
        item = SecretItem.objects.get(reference=spec.reference, issuing_unit=loaded.units[spec.issuing_unit])
        person = loaded.people[spec.person]
        if not AccessGrant.objects.filter(item=item, person=person).exists():
            services.grant_access(loaded.people[spec.granted_by], item, person, spec.reason)
            loaded.created += 1


# --- What the demo prints ---------------------------------------------------------------

def roster(on: dt.date | None = None) -> list[dict]:
    """One row per demo account: username, password, role, clearance and the second factor."""
    from bmnn.core.access import clearance
    from bmnn.org.models import AccessAssignment, Person

    on = on or timezone.localdate()
    rows = []
    for username in demo_usernames():
        person = Person.objects.filter(username=username).first()
        if person is None:
            continue
        roles = [f"{t.position.title} – {t.position.unit.code}" for t in person.tenures_on(on)]
        if person.is_system_admin:
            roles.insert(0, "Quản trị hệ thống")
        levels, _ = clearance(person, on)
        if levels:
            access = Level(levels[-1]).label
        elif AccessAssignment.objects.valid_on(on).filter(person=person).exists():
            access = "chưa có hiệu lực (chưa ký cam kết)"
        else:
            access = "không"
        rows.append({"username": username, "full_name": person.full_name, "password": DEMO_PASSWORD,
                     "role": "; ".join(roles), "clearance": access, "totp_secret": totp_secret(username)})
    return rows


def current_code(username: str) -> str:
    """The current TOTP code of a demo account (from its fixed demo secret)."""
    from bmnn.accounts import clock, totp

    if username not in demo_usernames():
        raise KeyError(username)
    return totp.now_code(totp_secret(username), clock.now())
