"""Shared test setup: each test run gets its own data directory (keys, SQLite)."""
