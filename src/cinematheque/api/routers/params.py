"""Constraints on path parameters shared by the routers."""

# Largest value of a 64-bit primary key on SQLite and PostgreSQL: a larger id cannot
# exist, and sending it to the database fails (OverflowError) instead of matching nothing.
MAX_ID = 2**63 - 1

# What django.utils.text.slugify produces.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
