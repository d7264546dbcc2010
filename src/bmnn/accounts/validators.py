"""Password policy beyond Django's: at least three of four character classes.

Django's own validators (length, common, numeric, similarity) are translated by
Django's 'vi' catalogue; where that catalogue lags behind Django's messages the
accounts app's catalogue (accounts/locale/vi) fills the gap."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        classes = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_character_classes")

    def get_help_text(self):
        return _("Mật khẩu phải có ít nhất ba trong bốn loại ký tự: chữ thường, chữ hoa, chữ số, ký tự đặc biệt.")
