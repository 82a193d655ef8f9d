"""The catalogue's section templates: the repeated rows, their escaping, edge cases."""

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string


def credit(name: str, character: str = "", slug: str = "p", job: str = "") -> object:
    return SimpleNamespace(
        url=f"/people/{slug}/", name=name, character=character, job=job
    )


def render(template: str, **context: object) -> str:
    return render_to_string(f"catalogue/film/{template}", context)


def test_cast_rows_escape_names_and_leave_out_unknown_characters():
    html = render("_cast.html", cast=[credit("Ed <b>", "Cop & Co"), credit("Jo")])
    assert (
        '<li class="cast-member"><span class="cast-member__text">'
        '<a href="/people/p/">Ed &lt;b&gt;</a> <span class="credit-list__role">'
        'Cop &amp; Co</span></span></li><li class="cast-member">'
        '<span class="cast-member__text"><a href="/people/p/">Jo</a></span></li>'
    ) in html


def test_crew_rows_name_the_job():
    group = SimpleNamespace(label="Directing", credits=[credit("Mann", job="Director")])
    html = render("_cast.html", crew_groups=[group], crew_count=1)
    assert (
        '<li><a href="/people/p/">Mann</a> '
        '<span class="credit-list__role">Director</span></li>'
    ) in html


def test_starring_separates_stars_and_names_their_characters():
    html = render("_starring.html", starring=[credit("Al", "Vincent"), credit("Bob")])
    assert (
        '<span class="star"><a href="/people/p/">Al</a> <span class="character">as '
        'Vincent</span></span><span class="sep">, </span><span class="star">'
        '<a href="/people/p/">Bob</a></span>'
    ) in html


def test_links_join_with_the_separator():
    html = render("_links.html", items=[credit("A"), credit("B")], separator=" ")
    assert html == '<a href="/people/p/">A</a> <a href="/people/p/">B</a>'
    html = render("_links.html", items=[credit("A"), credit("<B>")])
    assert html == '<a href="/people/p/">A</a>, <a href="/people/p/">&lt;B&gt;</a>'


@pytest.mark.parametrize(("count", "text"), [(1, "1 review"), (2, "2 reviews")])
def test_score_rows_credit_each_source_unless_they_share_one(count, text):
    source = SimpleNamespace(key="rt", name="Rotten & Co")
    line = SimpleNamespace(
        kind="rt_tomatometer",
        value="84%",
        outlet="Rotten Tomatoes",
        measure="Tomatometer",
        review_count=count,
        source=source,
    )
    shared = render(
        "_scores.html", scores=[line], scores_source=source, about_url="/about/"
    )
    assert f'<span class="score__source">{text}</span>' in shared
    own = render("_scores.html", scores=[line], scores_source=None, about_url="/about/")
    assert (
        f'<span class="score__source">{text} · via <a href="/about/#source-rt">'
        "Rotten &amp; Co</a></span>"
    ) in own
