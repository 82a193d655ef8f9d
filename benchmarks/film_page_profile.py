"""Where a film page's time goes: ORM and database, templates, middleware, the rest.

Renders one film page N times in-process through Django's test client (the full
middleware stack, no network), profiles it with cProfile and adds up each function's own
time by the layer its source file belongs to.

    CINEMATHEQUE_DATA_DIR=DIR python benchmarks/film_page_profile.py [--slug heat-1995] [-n 300]
        [--plain-querysets] [--path /people/al-pacino/]

`--plain-querysets` runs every `PreparedQuery` (catalogue/prepared.py) as the plain
QuerySet it is built from, compiled by the ORM on every call: what the page would cost
without the prepared queries. CPU time is printed beside wall time because on a shared
machine the wall time mostly measures the other processes.
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
    (
        "templates",
        (
            "django/template/",
            "jinja2/",
            "markupsafe/",
            "<template>",  # code Jinja2 compiled from a template
            "template_filters.py",
            "cinematheque/templating.py",
            "cinematheque/pages/slots.py",
        ),
    ),
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
    parser.add_argument(
        "--path", help="any other page instead, e.g. /people/al-pacino/ or /"
    )
    parser.add_argument("-n", type=int, default=300, help="requests to profile")
    parser.add_argument(
        "--plain-querysets",
        action="store_true",
        help="run the prepared queries as plain QuerySets (compiled on every call)",
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cinematheque.settings")
    import django

    django.setup()
    if args.plain_querysets:
        from cinematheque.catalogue.prepared import PreparedQuery

        PreparedQuery.rows = lambda self, value=None: list(self._build(value))
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    path = args.path or f"/films/{args.slug}/"
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
        cpu_timings = []
        for _ in range(args.n):
            start, cpu_start = time.perf_counter(), time.process_time()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            cpu_timings.append((time.process_time() - cpu_start) * 1000)

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
        f"p99 {timings[int(len(timings) * 0.99) - 1]:.2f} ms; "
        f"CPU p50 {statistics.median(cpu_timings):.2f} ms"
    )
    print("share of profiled time by layer:")
    for layer, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        print(
            f"  {layer:<24} {100 * seconds / whole:5.1f} %  {1000 * seconds / args.n:6.2f} ms/request"
        )


if __name__ == "__main__":
    main()
