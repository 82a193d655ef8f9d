"""The editorial section templates: rows of advisories, claims, decisions, the FAQ."""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from cinematheque.catalogue.faq import FaqItem
from cinematheque.editorial.page import FilmEditorial


def render(name: str, **editorial: object) -> str:
    return render_to_string(
        f"editorial/sections/{name}.html",
        {"editorial": FilmEditorial(film=None, **editorial)},  # type: ignore[arg-type]
    )


def test_advisory_rows_show_a_note_only_when_there_is_one():
    html = render(
        "advisory",
        advisory={
            "summary": "",
            "minimum_age": None,
            "categories": [
                {"label": "Violence", "severity": "severe", "severity_label": "Severe"},
                {
                    "label": "Language",
                    "severity": "mild",
                    "severity_label": "Mild",
                    "note": "<b>Some</b>",
                },
            ],
        },
    )
    assert html.count("advisory__note") == 1
    assert '<span class="advisory__note">&lt;b&gt;Some&lt;/b&gt;</span>' in html


def test_complexity_meter_fills_steps_up_to_the_level():
    html = render("complexity", complexity={"level": 3, "label": "x", "note": ""})
    assert html.count("complexity__step complexity__step--on") == 3
    assert html.count('class="complexity__step"') == 2


def test_claim_without_sources_says_so_and_one_source_is_singular():
    claim = {
        "kind": "trivia",
        "kind_label": "Trivia",
        "text": "A & B",
        "shown_verification": "verified",
        "verification_label": "Verified",
        "citations": [],
    }
    html = render("trivia", claims=[claim])
    assert '<span class="claim__sources">No source yet.</span>' in html
    claim["citations"] = [{"title": "Book", "url": "", "publisher": ""}]
    html = render("trivia", claims=[claim])
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
    html = render("trivia", decisions=[decision])
    assert (
        '<strong>Hanna</strong> <span class="muted">(credits)</span>'
        '; other sources say \u201cHannah\u201d <span class="muted">(a)</span>'
        ', \u201cHana\u201d <span class="muted">(b)</span>'
        ' or \u201cH.\u201d <span class="muted">(c)</span>.</p>'
    ) in html
    assert "decision__note" not in html


def test_faq_escapes_questions_and_keeps_sanitised_answers():
    item = FaqItem(
        question="<i>Why</i>?",
        answer_html=SafeString("<p>Because.</p>"),
        answer_text="Because.",
        from_data=False,
    )
    html = render("faq", faq=[item])
    assert '<summary class="faq__question">&lt;i&gt;Why&lt;/i&gt;?</summary>' in html
    assert '<div class="faq__answer prose"><p>Because.</p></div>' in html
