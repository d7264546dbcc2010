"""bmnn: bảo vệ bí mật nhà nước — protecting state secrets."""

__version__ = "0.1.0"
