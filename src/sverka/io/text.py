"""Reading text files (placeholder, being written this session)."""
