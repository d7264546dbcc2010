"""The accounts API has no viewsets; its endpoints are plain views in api_urls.py
(/api/auth/token/, /api/auth/me/)."""


def register(router) -> None:
    """Nothing to register on the router (see bmnn.accounts.api_urls)."""
