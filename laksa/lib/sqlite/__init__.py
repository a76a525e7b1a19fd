"""Django's SQLite backend with its writers queued (base.py)."""
