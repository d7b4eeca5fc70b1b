"""Duplicate search and theme tagging on the real embedding model and the real database."""
