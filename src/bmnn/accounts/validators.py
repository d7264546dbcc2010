"""Password policy beyond Django's: at least three of four character classes."""

from django.core.exceptions import ValidationError


class CharacterClassValidator:
    def validate(self, password, user=None):
        classes = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < 3:
            raise ValidationError(
                "Mật khẩu phải có ít nhất ba trong bốn loại ký tự: chữ thường, chữ hoa, chữ số, ký tự đặc biệt.",
                code="password_character_classes",
            )

    def get_help_text(self):
        return "Mật khẩu phải có ít nhất ba trong bốn loại ký tự: chữ thường, chữ hoa, chữ số, ký tự đặc biệt."
