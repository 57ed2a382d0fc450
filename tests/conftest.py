"""Shared fixtures. Service fixtures (Redis, simulated cameras, MediaMTX) live in tests/services.py."""

pytest_plugins = ["tests.services"]
