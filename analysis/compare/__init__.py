"""Comparative methods (placeholder)."""
