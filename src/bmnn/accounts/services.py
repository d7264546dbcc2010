"""The acts of the accounts app: logging in (password, second factor), enrolment,
recovery codes, API tokens, passwords and the administrator's acts on accounts.

Every act writes its LoginAttempt rows and its ledger event in one transaction.
Views and the API call these functions; they do the session work (login(),
logout()) themselves, because only they hold the request.

Ledger actions written here:
  auth.login, auth.password_ok, auth.login_failed, auth.locked_out, auth.logout,
  auth.session_expired, auth.second_factor_enrolled, auth.second_factor_reset,
  auth.recovery_codes_regenerated, auth.recovery_code_used, auth.token_created,
  auth.token_revoked, auth.password_changed, auth.password_reset, auth.account_unlocked
Payloads never hold a password, a TOTP secret, a code or a token (tokens: hash only)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from bmnn.accounts import clock, policy, throttle, totp
from bmnn.accounts.models import LoginAttempt, Outcome, RecoveryCode, SecondFactor, Stage
from bmnn.core.errors import Refused
from bmnn.core.ledger import record_event, secret_hash
from bmnn.org.models import Person
from bmnn.org.selectors import is_admin

BASIS = "Chính sách an toàn tài khoản của bmnn (docs/accounts.md)"


# --- Refusals ---------------------------------------------------------------------

class BadCredentials(Refused):
    """Wrong username, password or code. The message never says which one."""

    def __init__(self, message: str | None = None, *, field: str | None = None):
        super().__init__(message or _("Tên đăng nhập hoặc mật khẩu không đúng."),
                         rule="accounts.credentials", basis=BASIS, field=field)


class LockedOut(Refused):
    def __init__(self, retry_at, *, prefix: str = ""):
        self.retry_at = retry_at
        super().__init__(((prefix + " ") if prefix else "") + lock_message(retry_at),
                         rule="accounts.lockout", basis=BASIS)


def lock_message(retry_at) -> str:
    local = timezone.localtime(retry_at)
    minutes = max(1, int((retry_at - clock.now()).total_seconds() + 59) // 60)
    return _("Đã nhập sai quá %(n)d lần trong %(window)d phút nên việc đăng nhập tạm thời bị khóa. "
             "Vui lòng thử lại sau %(time)s ngày %(date)s (khoảng %(minutes)d phút nữa), "
             "hoặc đề nghị quản trị hệ thống mở khóa.") % {
        "n": throttle.max_failures(), "window": max(1, int(throttle.window().total_seconds()) // 60),
        "time": local.strftime("%H:%M"), "date": local.strftime("%d/%m/%Y"), "minutes": minutes,
    }


# The operator at the server console (a `bmnn account ...` command) acts as the
# system; the ledger records it with no actor and "by": "console".
CONSOLE = "console"


def _require_admin(actor, what: str) -> None:
    if actor == CONSOLE:
        return
    if not is_admin(actor):
        raise Refused(_("Chỉ quản trị hệ thống mới được %(what)s.") % {"what": what},
                      rule="accounts.admin_only", basis=BASIS)


def _ledger_actor(actor):
    return None if actor == CONSOLE else actor


def _by(actor) -> str:
    return "console" if actor == CONSOLE else "administrator"


# --- Attempts, failures, completion -----------------------------------------------------

def _person_named(username: str):
    return Person.objects.filter(username=throttle.normalise_username(username)).first()


def _refuse_if_locked(username: str, address: str, stage: str, now, person=None) -> None:
    retry_at = throttle.locked_until(username, address, now)
    if retry_at is None:
        return
    with transaction.atomic():
        throttle.record(username, address, stage=stage, outcome=Outcome.LOCKED,
                        person=person or _person_named(username), now=now)
        record_event("auth.login_failed", actor=None, description="Từ chối đăng nhập: đang tạm khóa",
                     payload={"username": throttle.normalise_username(username), "address": address,
                              "stage": stage, "reason": "locked"})
    raise LockedOut(retry_at)


def _fail(username: str, address: str, stage: str, outcome: str, now, *, person=None,
          message: str | None = None, field: str | None = None):
    """Record a failed attempt (it counts toward the lock-out) and raise."""
    username = throttle.normalise_username(username)
    with transaction.atomic():
        throttle.record(username, address, stage=stage, outcome=outcome,
                        person=person or _person_named(username), now=now)
        record_event("auth.login_failed", actor=None, description="Đăng nhập không thành công",
                     payload={"username": username, "address": address, "stage": stage, "reason": outcome})
        retry_at = throttle.locked_until(username, address, now)
        if retry_at is not None:
            record_event("auth.locked_out", actor=None, description="Tạm khóa đăng nhập do nhập sai nhiều lần",
                         payload={"username": username, "address": address,
                                  "until": retry_at.isoformat(), "failures": throttle.max_failures()})
    if retry_at is not None:
        raise LockedOut(retry_at, prefix=message or BadCredentials().message)
    raise BadCredentials(message, field=field)


def _complete_login(person, address: str, stage: str, method: str, now) -> None:
    """A full login (every required factor passed): record it and forgive earlier failures."""
    with transaction.atomic():
        throttle.record(person.username, address, stage=stage, outcome=Outcome.OK, person=person, now=now)
        throttle.clear_failures(person.username)
        record_event("auth.login", actor=person, obj=person, description="Đăng nhập thành công",
                     payload={"username": person.username, "address": address, "method": method})


# --- Password step -----------------------------------------------------------------------

@dataclass
class PasswordResult:
    person: Person
    next_step: str  # "done" | "verify" | "enrol"
    must_change_password: bool


def must_change_password(person) -> bool:
    return bool(getattr(person, "must_change_password", False))


def password_login(username: str, password: str, *, address: str = "") -> PasswordResult:
    """The password step. Refuses while locked (even with the right password) and
    refuses inactive accounts with the same message as a wrong password."""
    now = clock.now()
    _refuse_if_locked(username, address, Stage.PASSWORD, now)
    person = authenticate(None, username=throttle.normalise_username(username), password=password or "")
    if person is None:  # also for an inactive account: ModelBackend refuses it
        _fail(username, address, Stage.PASSWORD, Outcome.BAD_CREDENTIALS, now)
    if policy.factor_applies(person):
        with transaction.atomic():
            throttle.record(person.username, address, stage=Stage.PASSWORD, outcome=Outcome.OK, person=person, now=now)
            record_event("auth.password_ok", actor=person, obj=person,
                         description="Đúng mật khẩu, chờ xác thực hai lớp",
                         payload={"username": person.username, "address": address})
        next_step = "verify" if policy.factor_enrolled(person) else "enrol"
    else:
        _complete_login(person, address, Stage.PASSWORD, "password", now)
        next_step = "done"
    return PasswordResult(person, next_step, must_change_password(person))


# --- Second factor -------------------------------------------------------------------------

def _consume_code(person, code: str, now, *, allow_recovery: bool = True) -> str | None:
    """Accept a TOTP code (once per step) or an unused recovery code; None if neither.
    Must run inside a transaction: the row lock stops two requests using one code."""
    device = (SecondFactor.objects.select_for_update()
              .filter(person=person, confirmed_at__isnull=False).first())
    if device is None:
        return None
    if totp.looks_like_totp(code):
        secret = totp.decrypt_secret(device.secret_encrypted, person.pk)
        step = totp.match_step(secret, code, now, device.last_used_step)
        if step is None:
            return None
        device.last_used_step = step
        device.save(update_fields=["last_used_step"])
        return "totp"
    if not allow_recovery or not totp.normalise_recovery_code(code):
        return None
    recovery = (RecoveryCode.objects.select_for_update()
                .filter(person=person, code_hash=totp.recovery_code_hash(code), used_at__isnull=True).first())
    if recovery is None:
        return None
    recovery.used_at = now
    recovery.save(update_fields=["used_at"])
    return "recovery_code"


def verify_second_factor(person, code: str) -> bool:
    """Whether `code` is `person`'s current TOTP code, for signing an act (a receipt)
    rather than logging in. The code's step is consumed, so one code signs once;
    recovery codes are not accepted (they are for getting back in, not for signing).
    Runs inside the calling act's transaction (the device row is locked); a wrong
    code changes nothing and does not count toward the login lock-out."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("verify_second_factor must run inside the act's transaction")
    return _consume_code(person, code or "", clock.now(), allow_recovery=False) == "totp"


def recovery_codes_remaining(person) -> int:
    return RecoveryCode.objects.filter(person=person, used_at__isnull=True).count()


def second_factor_login(person, code: str, *, address: str = "") -> str:
    """The second step of a login. Returns "totp" or "recovery_code"."""
    now = clock.now()
    _refuse_if_locked(person.username, address, Stage.SECOND_FACTOR, now, person=person)
    with transaction.atomic():
        method = _consume_code(person, code, now)
        if method:
            _complete_login(person, address, Stage.SECOND_FACTOR, method, now)
            if method == "recovery_code":
                record_event("auth.recovery_code_used", actor=person, obj=person,
                             description="Đăng nhập bằng mã khôi phục",
                             payload={"remaining": recovery_codes_remaining(person)})
    if not method:
        _fail(person.username, address, Stage.SECOND_FACTOR, Outcome.BAD_CODE, now, person=person,
              message=_("Mã xác thực không đúng, đã hết hạn hoặc đã được dùng."))
    return method


def _install_device(person, secret: str, *, last_used_step: int, now) -> list[str]:
    SecondFactor.objects.update_or_create(person=person, defaults={
        "secret_encrypted": totp.encrypt_secret(secret, person.pk),
        "confirmed_at": now, "last_used_step": last_used_step,
    })
    return _replace_recovery_codes(person, now)


def _replace_recovery_codes(person, now) -> list[str]:
    RecoveryCode.objects.filter(person=person).delete()
    codes = totp.new_recovery_codes()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(person=person, code_hash=totp.recovery_code_hash(c), created_at=now) for c in codes)
    return codes


def enrol_totp(person, secret: str | None = None, actor=None) -> tuple[str, list[str]]:
    """Give `person` a confirmed TOTP device, with `secret` (base32) or a new one.

    Returns (secret, recovery codes). For the demo loader and for administrators
    provisioning a device; `actor` None means the system itself (a command run on
    the server). Replaces any earlier device and recovery codes."""
    if actor is not None and actor.pk != person.pk:
        _require_admin(actor, _("đăng ký xác thực hai lớp cho người khác"))
    secret = totp.clean_secret(secret) if secret else totp.new_secret()
    now = clock.now()
    with transaction.atomic():
        codes = _install_device(person, secret, last_used_step=0, now=now)
        by = "system" if actor is None else ("self" if actor.pk == person.pk else "administrator")
        record_event("auth.second_factor_enrolled", actor=actor, obj=person,
                     description="Đăng ký xác thực hai lớp", payload={"by": by, "recovery_codes": len(codes)})
    return secret, codes


def confirm_enrolment(person, secret: str, code: str, *, address: str = "", completes_login: bool = False) -> list[str]:
    """The person proves their app holds `secret` by typing its current code.

    Returns the recovery codes (to show once). With `completes_login` the
    enrolment also completes a login that was waiting for the second factor."""
    now = clock.now()
    _refuse_if_locked(person.username, address, Stage.SECOND_FACTOR, now, person=person)
    step = totp.match_step(secret, code, now)
    if step is None:
        _fail(person.username, address, Stage.SECOND_FACTOR, Outcome.BAD_CODE, now, person=person,
              message=_("Mã xác nhận không đúng. Hãy nhập mã 6 chữ số đang hiển thị trong ứng dụng xác thực."))
    with transaction.atomic():
        codes = _install_device(person, secret, last_used_step=step, now=now)
        record_event("auth.second_factor_enrolled", actor=person, obj=person,
                     description="Đăng ký xác thực hai lớp", payload={"by": "self", "recovery_codes": len(codes)})
        if completes_login:
            _complete_login(person, address, Stage.SECOND_FACTOR, "totp_enrolment", now)
    return codes


def regenerate_recovery_codes(person) -> list[str]:
    """New recovery codes; the old ones stop working."""
    if not policy.factor_enrolled(person):
        raise Refused(_("Tài khoản chưa đăng ký xác thực hai lớp nên chưa có mã khôi phục."),
                      rule="accounts.second_factor", basis=BASIS)
    now = clock.now()
    with transaction.atomic():
        codes = _replace_recovery_codes(person, now)
        record_event("auth.recovery_codes_regenerated", actor=person, obj=person,
                     description="Tạo lại mã khôi phục", payload={"recovery_codes": len(codes)})
    return codes


def reset_second_factor(person, *, actor) -> None:
    """Administrator (or CONSOLE): remove the person's device and recovery codes
    (lost phone). If the factor is required the person enrols again at the next login."""
    _require_admin(actor, _("đặt lại xác thực hai lớp"))
    with transaction.atomic():
        removed = SecondFactor.objects.filter(person=person).delete()[0] > 0
        RecoveryCode.objects.filter(person=person).delete()
        record_event("auth.second_factor_reset", actor=_ledger_actor(actor), obj=person,
                     description="Đặt lại xác thực hai lớp",
                     payload={"username": person.username, "had_device": removed, "by": _by(actor)})


# --- API tokens ---------------------------------------------------------------------------

def token_of(person):
    return Token.objects.filter(user=person).first()


def create_token(person, *, factor_passed: bool, via: str = "web") -> str:
    """A new API token for oneself, replacing any earlier one. Only after passing
    the second factor when it applies. Returns the key (shown once)."""
    if policy.factor_applies(person) and not factor_passed:
        raise Refused(_("Phải qua xác thực hai lớp trước khi tạo mã truy cập API."),
                      rule="accounts.second_factor", basis=BASIS)
    with transaction.atomic():
        replaced = Token.objects.filter(user=person).delete()[0] > 0
        token = Token.objects.create(user=person)
        # The key is the token's primary key: never use the token as the ledger object.
        record_event("auth.token_created", actor=person, obj=person, description="Tạo mã truy cập API",
                     payload={"via": via, "token": secret_hash(token.key), "replaced": replaced})
    return token.key


def revoke_token(person, *, via: str = "web") -> bool:
    with transaction.atomic():
        token = Token.objects.filter(user=person).first()
        if token is None:
            return False
        digest = secret_hash(token.key)
        token.delete()
        record_event("auth.token_revoked", actor=person, obj=person, description="Thu hồi mã truy cập API",
                     payload={"via": via, "token": digest})
    return True


def exchange_credentials_for_token(username: str, password: str, code: str, *, address: str = "") -> tuple[Person, str]:
    """POST /api/auth/token/: username + password (+ TOTP code when the factor applies).
    Throttled and locked exactly like the login page; one generic message for any mistake."""
    generic = _("Tên đăng nhập, mật khẩu hoặc mã xác thực không đúng.")
    now = clock.now()
    _refuse_if_locked(username, address, Stage.API, now)
    person = authenticate(None, username=throttle.normalise_username(username), password=password or "")
    if person is None:
        _fail(username, address, Stage.API, Outcome.BAD_CREDENTIALS, now, message=generic)
    if policy.factor_required(person) and not policy.factor_enrolled(person):
        raise Refused(_("Tài khoản phải đăng ký xác thực hai lớp trên giao diện web trước khi dùng API."),
                      rule="accounts.second_factor", basis=BASIS)
    if must_change_password(person):
        raise Refused(_("Tài khoản phải đổi mật khẩu trên giao diện web trước khi dùng API."),
                      rule="accounts.password_change", basis=BASIS)
    with transaction.atomic():
        method = _consume_code(person, code or "", now, allow_recovery=False) if policy.factor_applies(person) else "password"
        if method:
            throttle.record(person.username, address, stage=Stage.API, outcome=Outcome.OK, person=person, now=now)
            throttle.clear_failures(person.username)
            key = create_token(person, factor_passed=True, via="api")
    if not method:
        _fail(person.username, address, Stage.API, Outcome.BAD_CODE, now, person=person, message=generic)
    return person, key


# --- Passwords -----------------------------------------------------------------------------

def change_password(person, old_password: str, new_password: str, *, address: str = "") -> None:
    """The person changes their own password. Raises BadCredentials (wrong current
    password, counted toward the lock-out) or ValidationError (policy)."""
    now = clock.now()
    _refuse_if_locked(person.username, address, Stage.PASSWORD_CHANGE, now, person=person)
    if not person.check_password(old_password or ""):
        _fail(person.username, address, Stage.PASSWORD_CHANGE, Outcome.BAD_CREDENTIALS, now, person=person,
              message=_("Mật khẩu hiện tại không đúng."), field="old_password")
    if new_password == old_password:
        raise ValidationError(_("Mật khẩu mới phải khác mật khẩu hiện tại."), code="password_unchanged")
    validate_password(new_password, person)
    with transaction.atomic():
        was_forced = person.must_change_password
        person.set_password(new_password)
        person.must_change_password = False
        person.save(update_fields=["password", "must_change_password"])
        record_event("auth.password_changed", actor=person, obj=person, description="Đổi mật khẩu",
                     payload={"username": person.username, "after_reset": was_forced})


def _temporary_password(person) -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        candidate = "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))
        try:
            validate_password(candidate, person)
            return candidate
        except ValidationError:
            continue


def reset_password(person, *, actor) -> str:
    """Administrator: give the person a temporary password (returned, shown once to
    the administrator) that must be changed at the next login. Existing sessions end
    (Django ties them to the password hash) and the API token is revoked."""
    _require_admin(actor, _("đặt lại mật khẩu"))
    if actor != CONSOLE and actor.pk == person.pk:
        raise Refused(_("Không tự đặt lại mật khẩu của mình; hãy dùng chức năng đổi mật khẩu."),
                      rule="accounts.password_reset_self", basis=BASIS)
    temporary = _temporary_password(person)
    with transaction.atomic():
        person.set_password(temporary)
        person.must_change_password = True
        person.save(update_fields=["password", "must_change_password"])
        token_revoked = Token.objects.filter(user=person).delete()[0] > 0
        record_event("auth.password_reset", actor=_ledger_actor(actor), obj=person, description="Đặt lại mật khẩu",
                     payload={"username": person.username, "must_change": True, "token_revoked": token_revoked,
                              "by": _by(actor)})
    return temporary


def unlock_account(person, *, actor) -> int:
    """Administrator: forgive the failures that lock this username. Returns how many."""
    _require_admin(actor, _("mở khóa tài khoản"))
    with transaction.atomic():
        cleared = throttle.clear_failures(person.username)
        record_event("auth.account_unlocked", actor=_ledger_actor(actor), obj=person, description="Mở khóa đăng nhập",
                     payload={"username": person.username, "failures_cleared": cleared, "by": _by(actor)})
    return cleared


# --- Logout ---------------------------------------------------------------------------------

def record_logout(person, *, reason: str = "user", address: str = "") -> None:
    """Ledger the end of a session: "user" (logout), "idle" or "absolute" (expiry)."""
    if person is None or not getattr(person, "is_authenticated", False):
        return
    action = "auth.logout" if reason == "user" else "auth.session_expired"
    description = "Đăng xuất" if reason == "user" else "Phiên làm việc hết hạn"
    with transaction.atomic():
        record_event(action, actor=person, obj=person, description=description,
                     payload={"username": person.username, "address": address, "reason": reason})


def recent_attempts(person, limit: int = 20):
    return LoginAttempt.objects.filter(person=person).order_by("-at")[:limit]
