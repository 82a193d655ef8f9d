"""The filters that write the film page's repeated rows: markup, escaping, edge cases."""

from types import SimpleNamespace

from cinematheque.catalogue.templatetags.catalogue import (
    advisory_rows,
    cast_rows,
    claim_items,
    complexity_meter,
    decision_items,
    links,
    score_rows,
    starring_items,
)


def credit(name: str, character: str = "", slug: str = "p") -> SimpleNamespace:
    return SimpleNamespace(url=f"/people/{slug}/", name=name, character=character)


def test_cast_rows_escape_names_and_leave_out_unknown_characters():
    html = cast_rows([credit("Ed <b>", "Cop & Co"), credit("Jo")])
    assert html == (
        '<li><a href="/people/p/">Ed &lt;b&gt;</a> <span class="credit-list__role">'
        'Cop &amp; Co</span></li><li><a href="/people/p/">Jo</a></li>'
    )


def test_starring_separates_stars_and_names_their_characters():
    html = starring_items([credit("Al", "Vincent"), credit("Bob")])
    assert html == (
        '<span class="star"><a href="/people/p/">Al</a> <span class="character">as '
        'Vincent</span></span><span class="sep">, </span><span class="star">'
        '<a href="/people/p/">Bob</a></span>'
    )


def test_links_join_with_the_separator():
    assert links([credit("A"), credit("B")], " ") == (
        '<a href="/people/p/">A</a> <a href="/people/p/">B</a>'
    )


def test_score_rows_credit_each_source_unless_they_share_one():
    source = SimpleNamespace(key="rt", name="Rotten & Co")
    line = SimpleNamespace(
        kind="rt_tomatometer",
        value="84%",
        outlet="Rotten Tomatoes",
        measure="Tomatometer",
        review_count=1,
        source=source,
    )
    shared = score_rows([line], source, "/about/")
    assert '<span class="score__source">1 review</span>' in shared
    own = score_rows([line], None, "/about/")
    assert (
        '<span class="score__source">1 review · via <a href="/about/#source-rt">'
        "Rotten &amp; Co</a></span>"
    ) in own


def test_advisory_rows_show_a_note_only_when_there_is_one():
    html = advisory_rows(
        [
            {"label": "Violence", "severity": "severe", "severity_label": "Severe"},
            {
                "label": "Language",
                "severity": "mild",
                "severity_label": "Mild",
                "note": "<b>Some</b>",
            },
        ]
    )
    assert html.count("advisory__note") == 1
    assert '<span class="advisory__note">&lt;b&gt;Some&lt;/b&gt;</span>' in html


def test_complexity_meter_fills_steps_up_to_the_level():
    html = complexity_meter(3)
    assert html.count("complexity__step--on") == 3
    assert html.count('class="complexity__step"') == 2
    assert complexity_meter(None).count("complexity__step--on") == 0


def test_claim_without_sources_says_so_and_one_source_is_singular():
    claim = {
        "kind_label": "Trivia",
        "text": "A & B",
        "shown_verification": "verified",
        "verification_label": "Verified",
        "citations": [],
    }
    assert '<span class="claim__sources">No source yet.</span>' in claim_items([claim])
    claim["citations"] = [{"title": "Book", "url": "", "publisher": ""}]
    html = claim_items([claim])
    assert "Source:\n          <cite>Book</cite></span>" in html
    assert "A &amp; B" in html


def test_decision_lists_every_rejected_value():
    decision = {
        "subject": "Spelling",
        "chosen": {"value": "Hanna", "origin": "credits"},
        "rejected": [
            {"value": "Hannah", "origin": "a"},
            {"value": "Hana", "origin": "b"},
            {"value": "H.", "origin": "c"},
        ],
        "note": "",
    }
    html = decision_items([decision])
    assert (
        '<strong>Hanna</strong> <span class="muted">(credits)</span>'
        '; other sources say \u201cHannah\u201d <span class="muted">(a)</span>'
        ', \u201cHana\u201d <span class="muted">(b)</span>'
        ' or \u201cH.\u201d <span class="muted">(c)</span>.</p>'
    ) in html
    assert "decision__note" not in html
