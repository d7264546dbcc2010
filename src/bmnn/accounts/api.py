def register(router) -> None:
    """Registers the accounts viewsets on the API router."""
