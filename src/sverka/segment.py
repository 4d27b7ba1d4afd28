"""Sentence splitting (placeholder, being written this session)."""
