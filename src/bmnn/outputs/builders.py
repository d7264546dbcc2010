"""Imports every producer of printouts so each registers its builder (services.register_builder)."""
