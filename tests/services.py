"""Service-process fixtures: filled in below."""
