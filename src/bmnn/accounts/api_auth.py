from rest_framework.authentication import SessionAuthentication


class SecondFactorSessionAuthentication(SessionAuthentication):
    """Session authentication that accepts only sessions past the second factor."""
