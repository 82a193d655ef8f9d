import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cinematheque.catalogue.models import FilmRelation, Video
from cinematheque.people.models import Credit
from tests import factories
from tests.catalogue.html import (
    element_text,
    json_ld,
    link_href,
    meta_content,
    page_text,
)

pytestmark = pytest.mark.django_db

# Every row of the film-page anatomy (DESIGN.md), by the id of its section.
SECTIONS = [
    "credits",
    "starring",
    "cast",
    "member-rating",
    "review-scores",
    "watch",
    "synopsis",
    "tagline",
    "analysis",
    "money",
    "facts",
    "advisory",
    "complexity",
    "faq",
    "trivia",
    "trailers",
    "related",
    "recommendations",
    "attribution",
    "curation",
    "collections",
]
# The most queries a film page may take, whatever the size of its cast (the
# members' rating is one: its stored counters, however many ratings; members'
# reviews one more when the film has none).
MAX_FILM_PAGE_QUERIES = 13


def movie_ld(html: str) -> dict:
    """The page's one schema.org/Movie block (other sections may add their own)."""
    (movie,) = [block for block in json_ld(html) if block.get("@type") == "Movie"]
    return movie


def get_page(client, film) -> str:
    response = client.get(film.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("which", ["heat", "bare"])
def test_every_section_of_the_anatomy_is_on_every_film_page(client, sample, which):
    html = get_page(client, getattr(sample, which))
    for section in SECTIONS:
        element_text(html, section)


def test_heading_shows_title_year_and_original_title(client, sample):
    sample.heat.original_title = "Heat: A Los Angeles Crime Saga"
    sample.heat.save(update_fields=["original_title"])
    html = get_page(client, sample.heat)
    text = page_text(html)
    assert "<h1" in html
    assert "Heat (1995)" in text
    assert "Original title: Heat: A Los Angeles Crime Saga" in text


def test_original_title_is_not_repeated_when_it_equals_the_title(client, sample):
    sample.heat.original_title = "Heat"
    sample.heat.save(update_fields=["original_title"])
    assert "Original title" not in page_text(get_page(client, sample.heat))


def test_director_writer_and_starring_with_characters(client, sample):
    html = get_page(client, sample.heat)
    credits = element_text(html, "credits")
    assert "Director Michael Mann" in credits
    assert "Writer Michael Mann" in credits
    starring = element_text(html, "starring")
    assert starring.startswith("Starring Al Pacino as Lt. Vincent Hanna")
    assert "Robert De Niro as Neil McCauley" in starring
    assert "Jon Voight" in starring
    # Top-billed only: the fifth and sixth names are in the full cast, not here.
    assert "Tom Sizemore" not in starring
    assert "Tom Sizemore" in element_text(html, "cast")
    assert 'href="/people/al-pacino/"' in html


def test_full_cast_and_crew_lists_every_credit_by_department(client, sample):
    cast = element_text(get_page(client, sample.heat), "cast")
    assert "6 cast members · 2 crew credits" in cast
    assert "Directing Michael Mann Director" in cast
    assert "Writing Michael Mann Screenplay" in cast
    assert "Diane Venora Justine Hanna" in cast


def test_money_reads_in_millions_and_missing_money_is_not_known(client, sample):
    heat = element_text(get_page(client, sample.heat), "money")
    assert "Budget $60 million" in heat
    assert "Box office $187.4 million" in heat
    bare = element_text(get_page(client, sample.bare), "money")
    assert bare == "Budget & box office Budget Not known Box office Not known"
    assert "$0" not in get_page(client, sample.bare)


def test_money_in_another_currency_keeps_its_code(client, sample):
    sample.bare.box_office = 35_500_000
    sample.bare.box_office_currency = "SEK"
    sample.bare.save(update_fields=["box_office", "box_office_currency"])
    assert "Box office SEK 35.5 million" in element_text(
        get_page(client, sample.bare), "money"
    )


def test_release_date_respects_its_precision(client, sample):
    facts = element_text(get_page(client, sample.heat), "facts")
    assert "Release date 15 December 1995" in facts
    sample.heat.release_date_precision = "year"
    sample.heat.save(update_fields=["release_date_precision"])
    facts = element_text(get_page(client, sample.heat), "facts")
    assert "Release date 1995 Runtime" in facts
    assert "December" not in facts


def test_facts_list_runtime_genres_countries_languages_certification(client, sample):
    html = get_page(client, sample.heat)
    facts = element_text(html, "facts")
    assert "Runtime 2 h 50 min" in facts
    assert "Genres Crime, Drama" in facts
    assert "Country United States" in facts
    assert "Language English" in facts
    assert "Certification R (US)" in facts
    assert "Production Regency Enterprises" in facts
    assert 'href="/genres/crime/"' in html


def test_awards_are_listed_when_the_source_has_them(client, sample):
    assert "Awards" not in element_text(get_page(client, sample.heat), "facts")
    sample.heat.awards = "Nominated for 1 BAFTA."
    sample.heat.save(update_fields=["awards"])
    facts = element_text(get_page(client, sample.heat), "facts")
    assert "Awards Nominated for 1 BAFTA." in facts


def test_film_with_almost_no_data_shows_honest_empty_states(client, sample):
    html = get_page(client, sample.bare)
    assert "Untitled Reel" in element_text(html, "main")
    facts = element_text(html, "facts")
    for label in ["Release date", "Runtime", "Genres", "Certification"]:
        assert f"{label} Not known" in facts
    assert element_text(html, "credits") == (
        "Director Not known Writer Not known Starring No cast listed"
    )
    assert "No cast or crew listed." in element_text(html, "cast")
    assert "No published review scores" in element_text(html, "review-scores")
    assert "No source is recorded" in element_text(html, "attribution")


def test_member_rating_is_empty_and_never_zero(client, sample):
    rating = element_text(get_page(client, sample.heat), "member-rating")
    assert rating == "Member rating No member ratings yet"


def test_watch_trailers_and_related_have_empty_states(client, sample):
    html = get_page(client, sample.bare)
    # The offers come from watch/where's fragment after the page loads (tests/watch/).
    assert element_text(html, "watch").startswith("Watch now")
    assert "No streaming information yet." not in html
    assert "No trailers or teasers yet." in element_text(html, "trailers")
    assert "No remakes, sequels or adaptations recorded." in element_text(
        html, "related"
    )


def test_review_scores_are_named_attributed_and_apart_from_member_ratings(
    client, sample
):
    html = get_page(client, sample.heat)
    scores = element_text(html, "review-scores")
    assert "84% Rotten Tomatoes Tomatometer 154 reviews" in scores
    assert "7.8/10 Rotten Tomatoes Average critic rating" in scores
    assert "76/100 Metacritic Metascore" in scores
    assert scores.index("84%") < scores.index("7.8/10") < scores.index("76/100")
    # One source for all three: credited once.
    assert scores.endswith("Published scores, via Wikidata")
    assert "84%" not in element_text(html, "member-rating")
    assert 'href="/about/#source-wikidata"' in html


def test_scores_from_different_sources_are_credited_one_by_one(client, sample):
    other = factories.make_source(key="critics-db", name="Critics DB")
    score = sample.heat.review_scores.get(kind="metacritic")
    score.source = other
    score.save(update_fields=["source"])
    scores = element_text(get_page(client, sample.heat), "review-scores")
    assert "84% Rotten Tomatoes Tomatometer 154 reviews · via Wikidata" in scores
    assert "76/100 Metacritic Metascore via Critics DB" in scores
    assert "Published scores" not in scores


def test_related_works_read_from_both_ends(client, sample):
    heat = element_text(get_page(client, sample.heat), "related")
    assert "Remake of L.A. Takedown (1989)" in heat
    takedown = element_text(get_page(client, sample.takedown), "related")
    assert "Remade as Heat (1995)" in takedown


def test_another_version_relation_reads_naturally(client, sample):
    redux = factories.make_film(title="Heat Redux", year=2001)
    factories.make_relation(
        from_film=redux, to_film=sample.heat, kind=FilmRelation.Kind.VERSION_OF
    )
    assert "Another version of Heat (1995)" in element_text(
        get_page(client, redux), "related"
    )


def test_trailers_link_to_their_site(client, sample):
    factories.make_video(
        film=sample.heat, kind=Video.Kind.TEASER, key="abc123", name="Teaser"
    )
    html = get_page(client, sample.heat)
    # The section is the watch app's (tests/watch/test_trailers.py).
    assert "Teaser · on YouTube" in element_text(html, "trailers")
    assert 'href="https://www.youtube.com/watch?v=abc123"' in html


def test_attribution_names_each_source_with_licence(client, sample):
    html = get_page(client, sample.heat)
    attribution = element_text(html, "attribution")
    assert "Wikidata CC0 1.0 Wikidata contributors, CC0" in attribution
    assert 'href="https://creativecommons.org/publicdomain/zero/1.0/"' in html
    assert "All sources and licences" in attribution


def test_json_ld_describes_the_movie(client, sample):
    html = get_page(client, sample.heat)
    movie = movie_ld(html)
    assert movie["@context"] == "https://schema.org"
    assert movie["@type"] == "Movie"
    assert movie["name"] == "Heat"
    assert movie["datePublished"] == "1995-12-15"
    assert movie["dateCreated"] == "1995"
    assert movie["duration"] == "PT2H50M"
    assert movie["contentRating"] == "R"
    assert movie["genre"] == ["Crime", "Drama"]
    assert [person["name"] for person in movie["director"]] == ["Michael Mann"]
    assert movie["actor"][0] == {
        "@type": "Person",
        "name": "Al Pacino",
        "url": "http://testserver/people/al-pacino/",
    }
    assert movie["image"] == "http://testserver/share/heat-1995.png"
    assert movie["sameAs"] == [
        "https://www.imdb.com/title/tt0113277/",
        "https://www.wikidata.org/wiki/Q42198",
    ]
    assert "aggregateRating" not in movie


def test_json_ld_of_a_film_without_data_has_no_empty_values(client, sample):
    movie = movie_ld(get_page(client, sample.bare))
    assert movie["name"] == "Untitled Reel"
    assert all(movie.values())
    assert "director" not in movie
    assert "datePublished" not in movie


def test_hostile_title_cannot_break_out_of_json_ld_or_markup(client, db):
    hostile = factories.make_film(
        title='</script><script>alert("x")</script> & <b>bold</b>',
        year=2001,
        slug="hostile-2001",
    )
    html = get_page(client, hostile)
    assert '<script>alert("x")</script>' not in html
    assert "<b>bold</b>" not in html
    movie = movie_ld(html)
    assert movie["name"] == hostile.title
    assert "&lt;/script&gt;&lt;script&gt;alert" in html


def test_open_graph_and_canonical_url(client, sample):
    html = get_page(client, sample.heat)
    assert link_href(html, "canonical") == "http://testserver/films/heat-1995/"
    assert meta_content(html, "property", "og:type") == "video.movie"
    assert meta_content(html, "property", "og:title") == "Heat (1995)"
    assert meta_content(html, "property", "og:url") == (
        "http://testserver/films/heat-1995/"
    )
    assert meta_content(html, "property", "og:image") == (
        "http://testserver/share/heat-1995.png"
    )
    assert "Michael Mann" in meta_content(html, "property", "og:description")
    assert meta_content(html, "property", "video:release_date") == "1995-12-15"
    assert meta_content(html, "property", "video:director") == "Michael Mann"


def test_canonical_url_uses_site_url_when_set(client, sample, settings):
    settings.SITE_URL = "https://films.example.org"
    html = get_page(client, sample.heat)
    assert link_href(html, "canonical") == "https://films.example.org/films/heat-1995/"
    assert movie_ld(html)["url"] == "https://films.example.org/films/heat-1995/"


def test_synopsis_shows_the_source_overview_escaped(client, sample):
    sample.heat.overview = "A thief <em>and</em> a detective."
    sample.heat.save(update_fields=["overview"])
    html = get_page(client, sample.heat)
    assert "A thief &lt;em&gt;and&lt;/em&gt; a detective." in html
    assert "Summary from Wikidata." in element_text(html, "synopsis")


def test_poster_is_the_generated_svg(client, sample):
    html = get_page(client, sample.heat)
    assert 'src="/posters/heat-1995.svg"' in html


def test_unknown_film_is_a_404(client, db):
    response = client.get("/films/no-such-film-1900/")
    assert response.status_code == 404
    assert "Browse all films" in page_text(response.content.decode())


def _film_with_credits(count: int):
    film = factories.make_film(title=f"Ensemble {count}")
    film.genres.add(factories.make_genre("Drama"))
    source = factories.make_source()
    for order in range(count):
        department = (
            Credit.Department.ACTING if order % 3 else Credit.Department.PRODUCTION
        )
        factories.make_credit(
            film=film,
            person=factories.make_person(),
            department=department,
            job="Actor" if department == Credit.Department.ACTING else "Producer",
            order=order,
            character=f"Role {order}",
            source=source,
        )
    factories.make_review_score(film=film, source=source)
    return film


def test_film_page_queries_do_not_grow_with_the_cast(
    client, db, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_ENABLED = False  # count the render's queries
    small, large = _film_with_credits(5), _film_with_credits(60)
    with CaptureQueriesContext(connection) as small_queries:
        get_page(client, small)
    assert len(small_queries) <= MAX_FILM_PAGE_QUERIES
    with django_assert_num_queries(len(small_queries)):
        html = get_page(client, large)
    assert "40 cast members · 20 crew credits" in element_text(html, "cast")
