"""Latency of the account paths a member hits most, in-process (Django's test
client, no HTTP server), on a fresh SQLite data directory with the production
settings (Argon2 hashes, django-axes, rate limits):

- `GET /personal/site/` signed in: the header's account menu, asked for on every page
  a signed-in member opens;
- `GET /api/v1/me/` with `Authorization: Bearer …`: token look-up by its SHA-256;
- `POST /accounts/login/` with the right password: one Argon2 verification.

    python benchmarks/accounts.py [--requests 300]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "velvet-Projector-1995"  # noqa: S105  # a throwaway account


def timed(run: Callable[[], int], count: int) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        status = run()
        times.append((time.perf_counter() - start) * 1000)
        assert status in {200, 302}, status  # noqa: S101
    return times


def summary(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return (
        f"{name:<34} n={len(times):<4} p50 {statistics.median(times):6.2f} ms"
        f"   p95 {p95:6.2f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="cinematheque-bench-accounts-")
    Path(data_dir, "static").mkdir()
    os.environ.update(
        CINEMATHEQUE_DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="cinematheque.settings",
        ALLOWED_HOSTS="testserver",
    )
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from cinematheque.members.accounts import member_sign_up
    from cinematheque.members.tokens import token_create

    call_command("migrate", verbosity=0)
    member = member_sign_up(username="ada", email="ada@example.org", password=PASSWORD)
    plain = token_create(member).plain

    browser = Client()
    browser.force_login(member)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    print(
        summary(
            "GET /personal/site/ (member)",
            timed(lambda: browser.get("/personal/site/").status_code, args.requests),
        )
    )
    print(
        summary(
            "GET /api/v1/me/ (Bearer token)",
            timed(lambda: api.get("/api/v1/me/").status_code, args.requests),
        )
    )
    print(
        summary(
            "POST /accounts/login/ (Argon2)",
            timed(
                lambda: (
                    Client()
                    .post("/accounts/login/", {"username": "ada", "password": PASSWORD})
                    .status_code
                ),
                30,
            ),
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
