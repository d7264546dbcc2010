"""Template context shared by every page."""

from bmnn.core.access import clearance


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    levels, _ = clearance(user)
    return {"nav_clearance": levels[-1] if levels else None}
