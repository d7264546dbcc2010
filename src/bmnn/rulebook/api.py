def register(router) -> None:
    """Registers the rulebook viewsets on the API router."""
