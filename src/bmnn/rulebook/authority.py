"""Who may do what: the one place that decides (DESIGN.md "Access", "Authority").

`authorize(person, act, level, unit, on=date)` judges an act by the regime in force
on `on`:

1. the person's tenures valid on that date, in `unit` or a unit above it, each
   position's `authority_class` against the regime's grants for (act, level);
2. the installation's overrides valid on that date (a deny beats any grant; an
   allow adds a grant citing the body's own regulation);
3. written delegations valid on that date covering (act, level) and `unit`, where
   the act may be delegated in that regime, the delegate holds a deputy position in
   the delegation's unit, and the delegator holds the authority *directly* (through a
   position, never through another delegation: no sub-delegation) — for reproduction
   only a Tuyệt mật/Tối mật authority may delegate (Art. 11.5).

Acts done by staff rather than decided (deliver, receive) are judged by who performs
them (`performed_by`: roles such as clerk, or an active access assignment).

Every answer is a `Decision` carrying the rule, its legal basis and a Vietnamese
reason; `.require()` turns a refusal into `Refused`."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from bmnn.core.dates import format_date
from bmnn.core.errors import Refused
from bmnn.core.levels import rank
from bmnn.rulebook import loader
from bmnn.rulebook.loader import Act, Regime


@dataclass(frozen=True)
class Decision:
    allowed: bool
    act: str
    level: str
    rule: str
    basis: str
    verified: bool
    reason: str
    via: str = ""  # "position" | "delegation" | "override" | "assignment"; empty when refused
    regime: str = ""
    on: dt.date | None = None
    position_id: int | None = None
    delegation_id: int | None = None
    override_id: int | None = None

    def require(self) -> Decision:
        """The decision when allowed; otherwise raise Refused with its rule and basis."""
        if not self.allowed:
            raise Refused(self.reason, rule=self.rule, basis=self.basis)
        return self

    def as_dict(self) -> dict:
        data = asdict(self)
        data["on"] = self.on.isoformat() if self.on else None
        return data


# --- Context of one question ----------------------------------------------------------------

@dataclass
class _Question:
    regime: Regime
    act: Act
    level: str
    on: dt.date
    deny: dict  # authority class -> override
    allow: dict

    @property
    def level_name(self) -> str:
        return self.regime.levels[self.level].name

    @property
    def what(self) -> str:
        return self.act.describe(self.level_name)

    def decision(self, allowed: bool, *, rule: str, basis: str, verified: bool, reason: str, **extra) -> Decision:
        return Decision(allowed=allowed, act=self.act.code, level=self.level, rule=rule, basis=basis,
                        verified=verified, reason=reason, regime=self.regime.code, on=self.on, **extra)

    def refuse(self, reason: str, *, rule: str | None = None, basis: str | None = None,
               verified: bool | None = None, **extra) -> Decision:
        return self.decision(False, rule=rule or self.act.id, basis=self.act.citation if basis is None else basis,
                             verified=self.act.verified if verified is None else verified, reason=reason, **extra)


def _overrides(act: str, level: str, on: dt.date) -> tuple[dict, dict]:
    from bmnn.rulebook.models import AuthorityOverride, OverrideEffect

    deny, allow = {}, {}
    for override in AuthorityOverride.objects.active_on(on).filter(act=act, level=level).order_by("pk"):
        target = deny if override.effect == OverrideEffect.DENY else allow
        target.setdefault(override.authority_class, override)
    return deny, allow


def _question(act: str, level: str, on: dt.date, regime: Regime) -> _Question:
    deny, allow = _overrides(act, level, on)
    return _Question(regime=regime, act=regime.act(act), level=level, on=on, deny=deny, allow=allow)


def _check_vocabulary(act: str, level: str) -> None:
    """Unknown act or level is a programming error, not a refusal."""
    if act not in loader.ACT_CODES:
        raise ValueError(f"Việc '{act}' không có trong quy định (các việc: {', '.join(loader.ACT_CODES)}).")
    if level not in loader.LEVEL_CODES:
        raise ValueError(f"Độ mật '{level}' không hợp lệ.")


def _unit_of(unit):
    from bmnn.org.models import Unit

    if unit is None:
        raise ValueError("Cần chỉ rõ đơn vị.")
    return unit if isinstance(unit, Unit) else Unit.objects.get(pk=unit)


def _tenures(person, on: dt.date, unit_ids=None):
    from bmnn.org.models import Tenure

    tenures = Tenure.objects.held_on(on).filter(person=person)
    if unit_ids is not None:
        tenures = tenures.filter(position__unit_id__in=unit_ids)
    return list(tenures.select_related("position", "position__unit").order_by("pk"))


def _label(position) -> str:
    return f"{position.title} ({position.unit.code})"


# --- Direct authority through positions ----------------------------------------------------

@dataclass
class _Direct:
    """What a person's own positions give for one question."""

    decision: Decision | None = None  # allowed, when found
    denied: list = field(default_factory=list)  # (position, override)
    obsolete: list = field(default_factory=list)  # positions whose class no longer exists
    unknown: list = field(default_factory=list)  # positions whose class is not in the catalogue
    without: list = field(default_factory=list)  # positions without the authority
    positions: list = field(default_factory=list)


def _direct(q: _Question, person, chain: list[int]) -> _Direct:
    found = _Direct()
    for tenure in _tenures(person, q.on, chain):
        position = tenure.position
        found.positions.append(position)
        code = position.authority_class or ""
        if code in q.deny:
            found.denied.append((position, q.deny[code]))
            continue
        grant = q.regime.grant_for(q.act.code, q.level, code)
        if grant is not None and found.decision is None:
            found.decision = q.decision(
                True, rule=grant.id, basis=grant.citation, verified=grant.verified, via="position",
                position_id=position.pk,
                reason=_("Chức vụ %(label)s có thẩm quyền %(what)s theo %(citation)s.")
                       % {"label": _label(position), "what": q.what, "citation": grant.citation})
            continue
        override = q.allow.get(code)
        if override is not None and found.decision is None:
            found.decision = q.decision(
                True, rule=f"override:{override.pk}", basis=override.reference, verified=True, via="override",
                position_id=position.pk, override_id=override.pk,
                reason=_("Chức vụ %(label)s được %(what)s theo quy định riêng của cơ quan (%(reference)s).")
                       % {"label": _label(position), "what": q.what, "reference": override.reference})
            continue
        cls = q.regime.classes.get(code)
        if cls is not None and cls.obsolete:
            found.obsolete.append(position)
        elif code and cls is None:
            found.unknown.append(position)
        else:
            found.without.append(position)
    return found


def _holds_directly(q: _Question, person, unit) -> Decision | None:
    """The allowing decision when `person`'s own positions give the authority over `unit`."""
    from bmnn.org.models import Unit

    return _direct(q, person, Unit.objects.ancestor_ids(unit.pk)).decision


def _holds_by_delegation(q: _Question, person, unit) -> bool:
    """Whether someone delegated this very act and level to `person` for `unit` on that date."""
    from bmnn.org.models import Delegation, Unit

    chain = Unit.objects.ancestor_ids(unit.pk)
    return any(d.covers(q.act.code, q.level, q.on)
               for d in Delegation.objects.filter(delegate=person, unit_id__in=chain))


def _is_deputy_in(person, unit, on: dt.date, *, head_position_id: int | None = None) -> bool:
    """Whether `person` holds a deputy position in `unit` or below it — or, when the
    delegator's own position is given, in a unit between that position's unit and
    `unit` (the delegator's cấp phó, with the delegation's scope narrowed to `unit`)."""
    from bmnn.org.models import Position, Role, Unit

    scope = Unit.objects.descendant_ids([unit.pk])
    if head_position_id is not None:
        head_unit_id = Position.objects.filter(pk=head_position_id).values_list("unit_id", flat=True).first()
        chain = Unit.objects.ancestor_ids(unit.pk)
        if head_unit_id in chain:
            scope.update(chain[:chain.index(head_unit_id) + 1])
    return any(t.position.role == Role.DEPUTY or t.position.authority_class == "deputy"
               for t in _tenures(person, on, scope))


# --- Delegation ---------------------------------------------------------------------------------

def _delegation_problem(q: _Question, delegation, delegate) -> Decision | None:
    """Why this (covering, in-date) delegation gives no authority; None when it does."""
    rule = q.act.delegation
    ref = delegation.reference
    if rule is None or not rule.allowed:
        return q.refuse(_("Việc %(act)s không được ủy quyền theo %(citation)s, nên văn bản ủy quyền %(ref)s "
                          "không có giá trị cho việc này.")
                        % {"act": q.act.name.lower(), "citation": rule.citation if rule else q.act.citation,
                           "ref": ref},
                        rule=rule.id if rule else q.act.id, basis=rule.citation if rule else q.act.citation,
                        verified=rule.verified if rule else q.act.verified, delegation_id=delegation.pk)
    delegator = delegation.delegator
    held = _holds_directly(q, delegator, delegation.unit) if delegator.is_active else None
    if held is None:
        if delegator.is_active and _holds_by_delegation(q, delegator, delegation.unit):
            return q.refuse(_("%(full_name)s chỉ có thẩm quyền %(what)s do được ủy quyền, mà người được ủy quyền "
                              "không được ủy quyền tiếp theo %(citation)s; văn bản ủy quyền %(ref)s không có giá "
                              "trị.")
                            % {"full_name": delegator.full_name, "what": q.what, "citation": rule.citation,
                               "ref": ref},
                            rule=rule.id, basis=rule.citation, verified=rule.verified, delegation_id=delegation.pk)
        return q.refuse(_("Người ủy quyền %(full_name)s không giữ chức vụ có thẩm quyền %(what)s tại %(name)s "
                          "vào ngày %(on)s, nên văn bản ủy quyền %(ref)s không có giá trị theo %(citation)s.")
                        % {"full_name": delegator.full_name, "what": q.what, "name": delegation.unit.name,
                           "on": format_date(q.on), "ref": ref, "citation": rule.citation},
                        rule=rule.id, basis=rule.citation, verified=rule.verified, delegation_id=delegation.pk)
    problem = _delegator_rank_problem(q, delegator, delegation.unit, rule)
    if problem:
        return q.refuse(problem + " " + _("Văn bản ủy quyền %(ref)s không có giá trị.") % {"ref": ref},
                        rule=rule.id, basis=rule.citation, verified=rule.verified, delegation_id=delegation.pk)
    if not _is_deputy_in(delegate, delegation.unit, q.on, head_position_id=held.position_id):
        return q.refuse(_("%(full_name)s không giữ chức vụ cấp phó tại %(name)s vào ngày %(on)s, nên không thể "
                          "thực hiện ủy quyền theo văn bản %(ref)s; chỉ cấp phó được ủy quyền theo %(citation)s.")
                        % {"full_name": delegate.full_name, "name": delegation.unit.name, "on": format_date(q.on),
                           "ref": ref, "citation": rule.citation},
                        rule=rule.id, basis=rule.citation, verified=rule.verified, delegation_id=delegation.pk)
    return None


def _delegator_rank_problem(q: _Question, delegator, unit, rule) -> str:
    """Art. 11.5: only Tuyệt mật/Tối mật authorities may delegate (the rule's minimum level)."""
    if not rule.delegator_min_level or rank(q.level) >= rank(rule.delegator_min_level):
        return ""
    higher = _question(q.act.code, rule.delegator_min_level, q.on, q.regime)
    if _holds_directly(higher, delegator, unit) is not None:
        return ""
    return _("%(full_name)s không có thẩm quyền %(what)s; chỉ người có thẩm quyền đối với tài liệu Tuyệt mật, "
             "Tối mật mới được ủy quyền theo %(citation)s.") % {
        "full_name": delegator.full_name, "what": higher.what, "citation": rule.citation}


def _via_delegation(q: _Question, person, chain: list[int]) -> tuple[Decision | None, Decision | None]:
    """(allowed decision, most relevant refusal) from the person's delegations."""
    from bmnn.org.models import Delegation

    problem = None
    delegations = (Delegation.objects.filter(delegate=person, unit_id__in=chain)
                   .select_related("delegator", "unit").order_by("-valid_from", "-pk"))
    for delegation in delegations:
        if q.act.code not in delegation.acts or q.level not in delegation.levels:
            continue
        if not delegation.covers(q.act.code, q.level, q.on):
            problem = problem or q.refuse(_lapsed(delegation, q.on), delegation_id=delegation.pk)
            continue
        refusal = _delegation_problem(q, delegation, person)
        if refusal is None:
            rule = q.act.delegation
            return q.decision(
                True, rule=rule.id, basis=rule.citation, verified=rule.verified, via="delegation",
                delegation_id=delegation.pk,
                reason=_("%(person)s được %(delegator)s ủy quyền %(what)s theo văn bản %(reference)s (hiệu "
                         "lực đến %(valid_to)s), căn cứ %(citation)s.")
                       % {"person": person.full_name, "delegator": delegation.delegator.full_name,
                          "what": q.what, "reference": delegation.reference, "citation": rule.citation,
                          "valid_to": (format_date(delegation.valid_to) if delegation.valid_to
                                       else _("khi thu hồi"))}), None
        # A delegation that is in force but invalid says more than a lapsed one.
        if problem is None or problem.rule == q.act.id:
            problem = refusal
    return None, problem


def _lapsed(delegation, on: dt.date) -> str:
    ref = delegation.reference
    if delegation.revoked_on is not None and on >= delegation.revoked_on:
        return _("Văn bản ủy quyền %(ref)s đã bị thu hồi từ ngày %(on)s.") % {
            "ref": ref, "on": format_date(delegation.revoked_on)}
    if on < delegation.valid_from:
        return _("Văn bản ủy quyền %(ref)s chỉ có hiệu lực từ ngày %(on)s.") % {
            "ref": ref, "on": format_date(delegation.valid_from)}
    return _("Văn bản ủy quyền %(ref)s đã hết hiệu lực sau ngày %(on)s.") % {"ref": ref,
                                                                             "on": format_date(delegation.valid_to)}


# --- Performed acts (deliver, receive) ---------------------------------------------------------

def _performer(q: _Question, person, unit, chain: list[int]) -> Decision:
    from bmnn.org.models import AccessAssignment, Unit

    rule = q.act.performed_by
    for tenure in _tenures(person, q.on, chain):
        if tenure.position.role in rule.roles:
            return q.decision(True, rule=rule.id, basis=rule.citation, verified=rule.verified, via="position",
                              position_id=tenure.position.pk,
                              reason=_("Chức vụ %(label)s được %(what)s theo %(citation)s.")
                                     % {"label": _label(tenure.position), "what": q.what, "citation": rule.citation})
    if rule.assigned:
        for assignment in AccessAssignment.objects.active(q.on).filter(person=person).prefetch_related("units"):
            if rank(assignment.max_level) < rank(q.level):
                continue
            if unit.pk in Unit.objects.descendant_ids([u.pk for u in assignment.units.all()]):
                return q.decision(
                    True, rule=rule.id, basis=rule.citation, verified=rule.verified, via="assignment",
                    reason=_("%(full_name)s được giao tiếp cận bí mật nhà nước theo văn bản "
                             "%(decision_reference)s, nên được %(what)s theo %(citation)s.")
                           % {"full_name": person.full_name, "decision_reference": assignment.decision_reference,
                              "what": q.what, "citation": rule.citation})
    return q.refuse(_("%(full_name)s không phải %(description)s tại %(name)s vào ngày %(on)s, nên không được "
                      "%(what)s theo %(citation)s.")
                    % {"full_name": person.full_name, "description": rule.description, "name": unit.name,
                       "on": format_date(q.on), "what": q.what, "citation": rule.citation},
                    rule=rule.id, basis=rule.citation, verified=rule.verified)


# --- The decision --------------------------------------------------------------------------------

def today() -> dt.date:
    return timezone.localdate()


def _preliminary(person, act: str, level: str, on: dt.date) -> tuple[Regime | None, Decision | None]:
    _check_vocabulary(act, level)
    regime = loader.regime_on(on)
    if regime is None:
        first = loader.regimes()[0]
        return None, Decision(
            allowed=False, act=act, level=level, rule="rulebook:no_regime", basis="", verified=True, on=on,
            reason=_("Không có quy định về bảo vệ bí mật nhà nước nào được nạp cho ngày %(on)s (quy định sớm "
                     "nhất có hiệu lực từ ngày %(valid_from)s).") % {"on": format_date(on),
                                                                     "valid_from": format_date(first.valid_from)})
    act_rule = regime.act(act)
    level_name = regime.levels[level].name
    if person is None or not getattr(person, "is_authenticated", False):
        return regime, Decision(
            allowed=False, act=act, level=level, rule=act_rule.id, basis=act_rule.citation,
            verified=act_rule.verified, regime=regime.code, on=on,
            reason=_("Người chưa đăng nhập không có thẩm quyền %(what)s.")
                   % {"what": act_rule.describe(level_name)})
    if not person.is_active:
        return regime, Decision(
            allowed=False, act=act, level=level, rule=act_rule.id, basis=act_rule.citation,
            verified=act_rule.verified, regime=regime.code, on=on,
            reason=_("Tài khoản của %(full_name)s đã bị khóa, nên không thể %(what)s.")
                   % {"full_name": person.full_name, "what": act_rule.describe(level_name)})
    return regime, None


def authorize(person, act: str, level: str, unit, on: dt.date | None = None) -> Decision:
    """May `person` do `act` on a secret of `level` held by `unit`, on date `on` (default today)?"""
    on = on or today()
    regime, early = _preliminary(person, act, level, on)
    if early is not None:
        return early
    from bmnn.org.models import Unit

    unit = _unit_of(unit)
    chain = Unit.objects.ancestor_ids(unit.pk)
    q = _question(act, level, on, regime)
    if q.act.kind == "performance":
        return _performer(q, person, unit, chain)
    direct = _direct(q, person, chain)
    if direct.decision is not None:
        return direct.decision
    delegated, delegation_problem = _via_delegation(q, person, chain)
    if delegated is not None:
        return delegated
    if delegation_problem is not None:
        return delegation_problem
    return _position_refusal(q, person, unit, direct)


def _position_refusal(q: _Question, person, unit, direct: _Direct) -> Decision:
    if direct.denied:
        position, override = direct.denied[0]
        return q.refuse(_("Quy định riêng của cơ quan (%(reference)s) không cho phép chức vụ %(label)s %(what)s.")
                        % {"reference": override.reference, "label": _label(position),
                           "what": q.what}, rule=f"override:{override.pk}", basis=override.reference, verified=True,
                        override_id=override.pk, position_id=position.pk)
    if direct.obsolete and not direct.without:
        position = direct.obsolete[0]
        cls = q.regime.classes[position.authority_class]
        return q.refuse(_("Chức vụ %(label)s thuộc nhóm thẩm quyền «%(name)s» không còn áp dụng từ ngày "
                          "%(valid_from)s, nên không có thẩm quyền %(what)s theo %(citation)s.")
                        % {"label": _label(position), "name": cls.name, "valid_from": format_date(q.regime.valid_from),
                           "what": q.what, "citation": cls.citation},
                        rule=cls.id, basis=cls.citation, verified=cls.verified, position_id=position.pk)
    if direct.unknown and not direct.without:
        position = direct.unknown[0]
        return q.refuse(_("Chức vụ %(label)s có nhóm thẩm quyền «%(authority_class)s» không có trong danh mục "
                          "của %(name)s, nên không có thẩm quyền %(what)s theo %(citation)s.")
                        % {"label": _label(position), "authority_class": position.authority_class,
                           "name": q.regime.name, "what": q.what, "citation": q.act.citation},
                        position_id=position.pk)
    if direct.positions:
        labels = ", ".join(_label(p) for p in direct.positions)
        sentence = (_("Các chức vụ %(labels)s không có thẩm quyền %(what)s theo %(citation)s.")
                    if len(direct.positions) > 1 else
                    _("Chức vụ %(labels)s không có thẩm quyền %(what)s theo %(citation)s."))
        return q.refuse(sentence % {"labels": labels, "what": q.what, "citation": q.act.citation},
                        position_id=direct.positions[0].pk)
    elsewhere = _tenures(person, q.on)
    if elsewhere:
        labels = ", ".join(_label(t.position) for t in elsewhere)
        return q.refuse(_("%(full_name)s giữ chức vụ %(labels)s, không thuộc %(name)s hoặc đơn vị cấp trên của "
                          "đơn vị này, nên không có thẩm quyền %(what)s đối với %(name)s theo %(citation)s.")
                        % {"full_name": person.full_name, "labels": labels, "name": unit.name, "what": q.what,
                           "citation": q.act.citation})
    return q.refuse(_("%(full_name)s không giữ chức vụ nào vào ngày %(on)s, nên không có thẩm quyền %(what)s "
                      "theo %(citation)s.")
                    % {"full_name": person.full_name, "on": format_date(q.on), "what": q.what,
                       "citation": q.act.citation})


def can_perform(person, act: str, level: str, unit, on: dt.date | None = None) -> Decision:
    """May `person` carry out `act` (e.g. make the copies once reproduction is allowed)?
    Uses the act's `performed_by` rule (reproduce: Art. 11.6; deliver, receive: Art. 13.1)."""
    on = on or today()
    regime, early = _preliminary(person, act, level, on)
    if early is not None:
        return early
    from bmnn.org.models import Unit

    q = _question(act, level, on, regime)
    if q.act.performed_by is None:
        raise ValueError(f"Việc '{act}' không có quy định về người thực hiện.")
    unit = _unit_of(unit)
    return _performer(q, person, unit, Unit.objects.ancestor_ids(unit.pk))


def check_delegation(delegator, delegate, unit, acts, levels, on: dt.date) -> list[Decision]:
    """Judges a written delegation before it is recorded: raises Refused when the delegator
    lacks direct authority for any act/level on `on`, an act may not be delegated, the
    delegate holds no deputy position in `unit` (or below), or the delegator's authority
    would itself come from a delegation. Returns the delegator's decisions otherwise."""
    from bmnn.org.models import Unit

    unit = _unit_of(unit)
    regime = loader.regime_on(on)
    if regime is None:
        raise Refused(_("Không có quy định về bảo vệ bí mật nhà nước nào được nạp cho ngày %(on)s.")
                      % {"on": format_date(on)},
                      rule="rulebook:no_regime")
    acts, levels = list(acts or []), list(levels or [])
    for act in acts:
        if act not in loader.ACT_CODES:
            raise Refused(_("Việc «%(act)s» không có trong quy định.") % {"act": act}, rule="rulebook:unknown_act",
                          field="acts")
    for level in levels:
        if level not in loader.LEVEL_CODES:
            raise Refused(_("Độ mật «%(level)s» không hợp lệ.") % {"level": level}, rule="rulebook:unknown_level",
                          field="levels")
    if not delegator.is_active:
        raise Refused(_("Tài khoản của %(full_name)s đã bị khóa, nên không thể ủy quyền.")
                      % {"full_name": delegator.full_name},
                      rule="rulebook:inactive_account", field="delegator")
    decisions = []
    for act in acts:
        rule = regime.act(act).delegation
        act_rule = regime.act(act)
        if rule is None or not rule.allowed:
            basis = rule.citation if rule else act_rule.citation
            raise Refused(_("Việc %(act)s không được ủy quyền theo %(basis)s.")
                          % {"act": act_rule.name.lower(), "basis": basis},
                          rule=rule.id if rule else act_rule.id, basis=basis, field="acts")
        for level in levels:
            q = _question(act, level, on, regime)
            direct = _direct(q, delegator, Unit.objects.ancestor_ids(unit.pk))
            if direct.decision is None:
                if _holds_by_delegation(q, delegator, unit):
                    raise Refused(_("%(full_name)s chỉ có thẩm quyền %(what)s do được ủy quyền, mà người được ủy "
                                    "quyền không được ủy quyền tiếp theo %(citation)s.")
                                  % {"full_name": delegator.full_name, "what": q.what,
                                     "citation": rule.citation}, rule=rule.id, basis=rule.citation,
                                  field="delegator")
                refusal = _position_refusal(q, delegator, unit, direct)
                raise Refused(_("%(reason)s Chỉ người có thẩm quyền mới được ủy quyền.") % {"reason": refusal.reason},
                              rule=refusal.rule, basis=refusal.basis, field="delegator")
            problem = _delegator_rank_problem(q, delegator, unit, rule)
            if problem:
                raise Refused(problem, rule=rule.id, basis=rule.citation, field="delegator")
            decisions.append(direct.decision)
    head_positions = {d.position_id for d in decisions} or {None}
    if not any(_is_deputy_in(delegate, unit, on, head_position_id=pid) for pid in head_positions):
        rule = regime.act(acts[0]).delegation if acts else None
        values = {"full_name": delegate.full_name, "name": unit.name, "on": format_date(on)}
        raise Refused(_("%(full_name)s không giữ chức vụ cấp phó tại %(name)s (hoặc đơn vị trực thuộc) vào ngày "
                        "%(on)s; chỉ cấp phó được ủy quyền theo %(citation)s.") % {**values,
                                                                                   "citation": rule.citation}
                      if rule else
                      _("%(full_name)s không giữ chức vụ cấp phó tại %(name)s (hoặc đơn vị trực thuộc) vào ngày "
                        "%(on)s; chỉ cấp phó được ủy quyền.") % values,
                      rule=rule.id if rule else "rulebook:delegate_not_deputy", basis=rule.citation if rule else "",
                      field="delegate")
    return decisions


# --- Other rules services ask about ---------------------------------------------------------------

@dataclass(frozen=True)
class SummaryRule:
    """May the summary (trích yếu) of an item of this level be stored? (rule B2)"""

    level: str
    policy: str  # "with_classifier_consent" | "never" | "allowed" (only Tuyệt mật is restricted)
    rule: str
    basis: str
    verified: bool

    def allows(self, *, consent: bool = False) -> bool:
        if self.policy == "never":
            return False
        if self.policy == "with_classifier_consent":
            return consent
        return True

    def require(self, *, has_summary: bool = True, consent: bool = False) -> SummaryRule:
        if not has_summary or self.allows(consent=consent):
            return self
        if self.policy == "never":
            message = _("Không được ghi trích yếu của tài liệu Tuyệt mật.")
        else:
            message = _("Chỉ được ghi trích yếu của tài liệu Tuyệt mật khi người có thẩm quyền xác định độ mật "
                        "đồng ý (ghi nhận sự đồng ý trước khi nhập trích yếu).")
        raise Refused(message, rule=self.rule, basis=self.basis, field="summary")


def summary_rule(level: str, on: dt.date | None = None) -> SummaryRule:
    on = on or today()
    regime = loader.regime_on(on)
    if regime is None:
        raise Refused(_("Không có quy định về bảo vệ bí mật nhà nước nào được nạp cho ngày %(on)s.")
                      % {"on": format_date(on)},
                      rule="rulebook:no_regime")
    requirement = regime.requirements["tuyet_mat_summary"]
    policy = requirement.value if level == "TUYET_MAT" else "allowed"
    return SummaryRule(level=level, policy=policy, rule=requirement.id, basis=requirement.citation,
                       verified=requirement.verified)


# --- Choices for forms elsewhere ---------------------------------------------------------------

def _regime_for_choices(on: dt.date | None) -> Regime:
    return loader.regime_on(on or today()) or loader.regimes()[-1]


def act_choices(on: dt.date | None = None) -> list[tuple[str, str]]:
    """Every act, as named by the regime in force on `on` (default today)."""
    regime = _regime_for_choices(on)
    return [(code, regime.acts[code].name) for code in loader.ACT_CODES]


def delegable_act_choices(on: dt.date | None = None) -> list[tuple[str, str]]:
    """The acts that may be delegated under the regime in force on `on` (default today)."""
    regime = _regime_for_choices(on)
    return [(code, regime.acts[code].name) for code in loader.ACT_CODES
            if regime.acts[code].delegation is not None and regime.acts[code].delegation.allowed]
