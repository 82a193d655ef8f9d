"""Rewrite tests/api/openapi.json from the API as it is now.

    python -m tests.api.regenerate_openapi

Run it on purpose after changing an endpoint or a schema, read the diff, and commit
the file with the change; test_openapi_snapshot.py fails until then.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

SNAPSHOT = Path(__file__).with_name("openapi.json")


def render(schema: dict[str, Any]) -> str:
    """The schema as the snapshot file stores it."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def current_schema() -> dict[str, Any]:
    from cinematheque.api import api

    return api.get_openapi_schema()


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    text = render(current_schema())
    changed = not SNAPSHOT.exists() or SNAPSHOT.read_text() != text
    SNAPSHOT.write_text(text)
    state = "updated" if changed else "unchanged"
    sys.stdout.write(f"{SNAPSHOT} {state}\n")


if __name__ == "__main__":
    main()
