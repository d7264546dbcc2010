def register(router) -> None:
    """Registers the records viewsets on the API router."""
