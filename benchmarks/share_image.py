"""Share cards (og:image): how long the first request for a film's PNG takes (drawn
with Pillow and written to the data directory) and how long the cached ones take.

Requests /share/<slug>.png in-process through Django's test client (the full middleware
stack, no network) for N films: each film once with an empty card cache (first render),
then again (read from <data dir>/share-cards/). The cards go to a temporary directory,
so the data directory's own cache is left alone.

    CINEMATHEQUE_DATA_DIR=DIR python benchmarks/share_image.py [-n 40]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(label: str, timings: list[float], sizes: list[int] | None = None) -> str:
    text = (
        f"{label}: median {statistics.median(timings) * 1000:.1f} ms, "
        f"p95 {percentile(timings, 0.95) * 1000:.1f} ms over {len(timings)} films"
    )
    if sizes:
        text += f", PNG median {statistics.median(sizes) / 1024:.0f} KiB"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=40, help="films to request")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cinematheque.settings")
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    from cinematheque.catalogue.models import Film

    *slugs, warm_up = Film.objects.order_by("-notability").values_list(
        "slug", flat=True
    )[: args.n + 1]
    if not slugs:
        raise SystemExit("No films: run `cinematheque init` on this data directory.")
    client = Client()
    with (
        tempfile.TemporaryDirectory() as cards,
        override_settings(DATA_DIR=cards, ALLOWED_HOSTS=["*"]),
    ):
        client.get(f"/share/{warm_up}.png")  # imports, fonts, URLconf: not counted
        first, cached, sizes = [], [], []
        for slug in slugs:
            started = time.perf_counter()
            response = client.get(f"/share/{slug}.png")
            first.append(time.perf_counter() - started)
            assert response.status_code == 200, (slug, response.status_code)  # noqa: S101
            sizes.append(len(response.content))
        for slug in slugs:
            started = time.perf_counter()
            client.get(f"/share/{slug}.png")
            cached.append(time.perf_counter() - started)
    print(summary("first render (draw + write)", first, sizes))
    print(summary("cached (read from share-cards/)", cached))


if __name__ == "__main__":
    main()
