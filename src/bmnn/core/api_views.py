def register(router) -> None:
    """Registers the ledger viewsets on the API router."""
