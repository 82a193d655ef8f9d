"""Heat's film-page sections rendered by Django's template engine and by Jinja2
through Django's own backend (`django.template.backends.jinja2`): the same template
files, translated to Jinja2's syntax as they are loaded (`jinja2_source`: the few
constructs the sections use), with the same contexts, read once by the sections'
loaders.

    CINEMATHEQUE_DATA_DIR=DIR python benchmarks/template_engines.py [--slug heat-1995] [-n 500]

Prints the CPU time of rendering every section of the page once with each engine,
and first checks that both engines write the same HTML (whitespace aside), so the
figures compare the same work. The data directory needs the bundled catalogue and
the demo editorial content (`cinematheque init`). Needs Jinja2, which cinematheque
itself does not use: `pip install Jinja2`.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def jinja2_source(django_source: str) -> str:
    """A Django template in Jinja2's syntax, for the constructs the film page's
    sections use: `{% load %}`, `forloop`, filter arguments, `default`, method calls,
    `list.0`, and `{% include … with … only %}`."""

    def tag(match: re.Match[str]) -> str:
        text = match.group(0)
        if text.startswith("{% load "):
            return ""
        text = text.replace("forloop.counter", "loop.index").replace("forloop", "loop")
        text = re.sub(r"\.(get_\w+_display)\b", r".\1()", text)
        text = re.sub(r"(\w)\.(\d+)\b", r"\1[\2]", text)
        text = re.sub(r"\|default:(\"[^\"]*\"|[\w.()]+)", r"|default(\1, true)", text)
        text = re.sub(r"\|(\w+):(\"[^\"]*\"|'[^']*'|[\w.]+)", r"|\1(\2)", text)
        include = re.fullmatch(r'{% include ("[^"]+") with (.*?)(?: only)? %}', text)
        if include:
            names = ", ".join(re.findall(r'\w+=(?:"[^"]*"|\S+)', include.group(2)))
            return (
                f"{{% with {names} %}}{{% include {include.group(1)} %}}{{% endwith %}}"
            )
        return text

    return re.sub(r"{%.*?%}|{{.*?}}", tag, django_source, flags=re.S)


def jinja2_engine() -> Any:
    """Django's Jinja2 backend loading the project's own templates through
    `jinja2_source`, with the project's filters."""
    from django.template import defaultfilters, loader

    try:
        import jinja2
        from django.template.backends.jinja2 import Jinja2
    except ImportError:
        raise SystemExit("Jinja2 is missing: pip install Jinja2") from None

    from cinematheque.catalogue.templatetags import catalogue
    from cinematheque.editorial.templatetags import editorial

    def load(name: str) -> str:
        return jinja2_source(loader.get_template(name).template.source)

    engine = Jinja2(
        {
            "NAME": "jinja2",
            "DIRS": [],
            "APP_DIRS": False,
            "OPTIONS": {"loader": jinja2.FunctionLoader(load)},
        }
    )
    engine.env.filters.update(
        runtime=catalogue.format_runtime,
        budget=catalogue.budget,
        box_office=catalogue.box_office,
        ld_json=catalogue.ld_json,
        join_names=catalogue.join_names,
        safe_url=editorial.safe_url,
        isodate=editorial.isodate,
        level_steps=editorial.level_steps,
        pluralize=defaultfilters.pluralize,
        floatformat=defaultfilters.floatformat,
        linebreaks=defaultfilters.linebreaks_filter,
        date=defaultfilters.date,
        urlencode=defaultfilters.urlencode,
        join=defaultfilters.join,
    )
    return engine


def section_contexts(slug: str) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of each section of the film's page, in page order: the
    page's facts with the section's own values on top, as `{% render_slot %}` has."""
    from cinematheque.catalogue.page import film_page_for_slug
    from cinematheque.catalogue.sections import film_facts
    from cinematheque.pages.assembly import assemble
    from cinematheque.pages.registry import sections_of

    page = film_page_for_slug(slug)
    if page is None:
        raise SystemExit(f"No film has the slug {slug!r} in this data directory.")
    assembled = assemble("film", page)
    facts = assembled.result(film_facts)
    return [
        (section.template, {**facts, **assembled.contexts[section.name]})
        for section in sections_of("film")
        if section.name in assembled.contexts
    ]


def render_all(engine: Any, sections: list[tuple[str, dict[str, Any]]]) -> str:
    return "".join(
        engine.get_template(template).render(context) for template, context in sections
    )


def comparable(html: str) -> str:
    """The HTML without whitespace, with each engine's spelling of the same escapes
    (Django writes &#x27; for ', MarkupSafe &#39;; &quot; and &#34; for ")."""
    html = html.replace("&#39;", "&#x27;").replace("&#34;", "&quot;")
    return re.sub(r"\s+", "", html)


def cpu_ms(render: Callable[[], str], runs: int) -> float:
    """The median CPU time of one call, in milliseconds."""
    timings = []
    for _ in range(runs):
        start = time.process_time()
        render()
        timings.append((time.process_time() - start) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slug", default="heat-1995")
    parser.add_argument("-n", type=int, default=500, help="renders per engine")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cinematheque.settings")
    import django

    django.setup()
    from django.template import engines

    sections = section_contexts(args.slug)
    django_engine, jinja = engines["django"], jinja2_engine()
    written = {
        name: render_all(e, sections)
        for name, e in (("django", django_engine), ("jinja2", jinja))
    }
    same = {name: comparable(html) for name, html in written.items()}
    if same["django"] != same["jinja2"]:
        raise SystemExit("The two engines wrote different HTML: see jinja2_source.")
    django_ms = cpu_ms(lambda: render_all(django_engine, sections), args.n)
    jinja_ms = cpu_ms(lambda: render_all(jinja, sections), args.n)
    print(
        f"/films/{args.slug}/: {len(sections)} sections, "
        f"{len(written['django']):,} bytes of HTML, {args.n} renders per engine"
    )
    print(f"  Django templates  {django_ms:6.3f} ms CPU per page (median)")
    print(f"  Jinja2            {jinja_ms:6.3f} ms CPU per page (median)")
    print(f"  Jinja2 takes {jinja_ms / django_ms:.0%} of Django's time")


if __name__ == "__main__":
    main()
