"""Where a film page's time goes: ORM and database, templates, middleware, the rest.

Renders one film page N times in-process through Django's test client (the full
middleware stack, no network), profiles it with cProfile and adds up each function's own
time by the layer its source file belongs to.

    CINEMATHEQUE_DATA_DIR=DIR python benchmarks/film_page_profile.py [--slug heat-1995] [-n 300]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import time

LAYERS = (
    ("database driver", ("sqlite3", "psycopg")),
    ("ORM", ("django/db/",)),
    ("templates", ("django/template/", "templatetags")),
    (
        "middleware",
        (
            "django/middleware/",
            "whitenoise",
            "django/contrib/sessions",
            "django/contrib/auth",
            "django/contrib/messages",
        ),
    ),
    ("URL resolving", ("django/urls/",)),
    ("request/response", ("django/http/", "django/core/handlers", "django/test/")),
    ("views and app code", ("cinematheque/",)),
)


def layer_of(filename: str) -> str:
    for name, markers in LAYERS:
        if any(marker in filename for marker in markers):
            return name
    return "other (Python, stdlib)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slug", default="heat-1995")
    parser.add_argument("-n", type=int, default=300, help="requests to profile")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cinematheque.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    path = f"/films/{args.slug}/"
    with override_settings(
        ALLOWED_HOSTS=["testserver", *settings.ALLOWED_HOSTS],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
            },
        },
    ):
        client = Client()
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        for _ in range(20):
            client.get(path)

        timings = []
        for _ in range(args.n):
            start = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.n):
            client.get(path)
        profiler.disable()

    stats = pstats.Stats(profiler)
    totals: dict[str, float] = {}
    for (filename, _line, _name), (
        _cc,
        _nc,
        own_time,
        _cum,
        _callers,
    ) in stats.stats.items():
        layer = layer_of(filename)
        totals[layer] = totals.get(layer, 0.0) + own_time
    whole = sum(totals.values())
    timings.sort()
    print(f"{path}: {len(response.content):,} bytes, {args.n} requests in-process")
    print(
        f"unprofiled: p50 {statistics.median(timings):.2f} ms  "
        f"p99 {timings[int(len(timings) * 0.99) - 1]:.2f} ms"
    )
    print("share of profiled time by layer:")
    for layer, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        print(
            f"  {layer:<24} {100 * seconds / whole:5.1f} %  {1000 * seconds / args.n:6.2f} ms/request"
        )


if __name__ == "__main__":
    main()
