def register(router) -> None:
    """Registers the org viewsets on the API router."""
