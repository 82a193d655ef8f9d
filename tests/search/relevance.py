"""The relevance set: what people type, and the film or person they mean.

Run against the bundled catalogue by tests/search/test_relevance.py (with a floor) and
by benchmarks/search.py (which prints success@1, success@5 and MRR). Each case names
the behaviour it covers; a query is expected to find its answer whether it is typed in
full or, for `typing` cases, only begun. A case with `among="film"` is ranked as the
results page's Films tab shows it (a person's best-known films).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    query: str
    kind: str  # "film" or "person"
    slug: str
    covers: str
    among: str | None = None  # a type the results are restricted to


def film(query: str, slug: str, covers: str, *, among: str | None = None) -> Case:
    return Case(query, "film", slug, covers, among)


def person(query: str, slug: str, covers: str) -> Case:
    return Case(query, "person", slug, covers)


CASES: tuple[Case, ...] = (
    # A title as it is written, in any case.
    film("heat", "heat-1995", "title; notable film beats namesakes"),
    film("HEAT", "heat-1995", "case"),
    film("The Godfather", "the-godfather-1972", "title"),
    film("pulp fiction", "pulp-fiction-1994", "title"),
    film("casablanca", "casablanca-1942", "title"),
    film("citizen kane", "citizen-kane-1941", "title"),
    film("inception", "inception-2010", "title"),
    film("goodfellas", "goodfellas-1990", "title"),
    film("taxi driver", "taxi-driver-1976", "title"),
    film("rear window", "rear-window-1954", "title"),
    film("the shining", "the-shining-1980", "title"),
    film("jaws", "jaws-1975", "exact title beats sequels"),
    film("alien", "alien-1979", "exact title beats partial"),
    film("aliens", "aliens-1986", "exact title beats partial"),
    film("the matrix", "the-matrix-1999", "title"),
    film("fight club", "fight-club-1999", "title"),
    film("chinatown", "chinatown-1974", "title"),
    film("apocalypse now", "apocalypse-now-1979", "title"),
    film("north by northwest", "north-by-northwest-1959", "title"),
    film("seven samurai", "seven-samurai-1954", "title"),
    film("titanic", "titanic-1997", "notable film beats namesakes"),
    film("psycho", "psycho-1960", "notable film beats its remake"),
    # Accents and punctuation.
    film("amelie", "amelie-2001", "accents"),
    film("leon the professional", "leon-the-professional-1994", "accents, colon"),
    film("y tu mama tambien", "y-tu-mama-tambien-2001", "accents"),
    film("cache 2005", "cache-2005", "accents, year"),
    film("deja vu 2006", "deja-vu-2006", "accents, year"),
    film("schindlers list", "schindlers-list-1993", "apostrophe"),
    film("Schindler's List", "schindlers-list-1993", "apostrophe"),
    film("et the extra terrestrial", "et-the-extra-terrestrial-1982", "initialism"),
    film("E.T.", "et-the-extra-terrestrial-1982", "initialism"),
    film("la confidential", "la-confidential-1997", "initialism"),
    film("2001 a space odyssey", "2001-a-space-odyssey-1968", "number in title"),
    film("12 angry men", "12-angry-men-1957", "number in title"),
    # Alternative spellings of a title.
    film("spiderman", "spider-man-2002", "hyphenated title written solid"),
    film("rocky 2", "rocky-ii-1979", "sequel numeral"),
    film("twelve angry men", "12-angry-men-1957", "number in words"),
    film("godfather part 2", "the-godfather-part-ii-1974", "sequel numeral"),
    # A part of a title.
    film("a new hope", "star-wars-episode-iv-a-new-hope-1977", "subtitle"),
    film(
        "revenge of the sith",
        "star-wars-episode-iii-revenge-of-the-sith-2005",
        "subtitle",
    ),
    film(
        "return of the king",
        "the-lord-of-the-rings-the-return-of-the-king-2003",
        "subtitle",
    ),
    film("dark knight", "the-dark-knight-2008", "title without its article"),
    # A title being typed.
    film("pulp fic", "pulp-fiction-1994", "typing"),
    film("the godf", "the-godfather-1972", "typing"),
    film("shawsh", "the-shawshank-redemption-1994", "typing"),
    film("schindl", "schindlers-list-1993", "typing"),
    film("casabl", "casablanca-1942", "typing"),
    # The year decides between remakes and namesakes.
    film("heat 1995", "heat-1995", "year"),
    film("Heat (1995)", "heat-1995", "year in parentheses"),
    film("Heat (1972)", "heat-1972", "year picks the obscure namesake"),
    film("psycho 1998", "psycho-1998", "year picks the remake"),
    film("king kong 1976", "king-kong-1976", "year picks the remake"),
    film("king kong 2005", "king-kong-2005", "year"),
    film("the thing 1982", "the-thing-1982", "year"),
    film("the fly 1958", "the-fly-1958", "year picks the original"),
    film("titanic 1953", "titanic-1953", "year"),
    film("les miserables 1998", "les-miserables-1998", "year, accents"),
    film("ocean's eleven 1960", "oceans-11-1960", "year, number in words"),
    film("mad max 1979", "mad-max-1979", "year"),
    # Typing mistakes.
    film("godfater", "the-godfather-1972", "typo"),
    film("shawshank redemtion", "the-shawshank-redemption-1994", "typo"),
    film("pulp fictoin", "pulp-fiction-1994", "typo (transposition)"),
    film("casablanka", "casablanca-1942", "typo"),
    film("the matirx", "the-matrix-1999", "typo"),
    film("jurasic park", "jurassic-park-1993", "typo"),
    film("forest gump", "forrest-gump-1994", "typo"),
    film("terminator 2 judgement day", "terminator-2-judgment-day-1991", "typo"),
    film("hitchcok vertigo", "vertigo-1958", "typo in a name, with a title"),
    person("scorcese", "martin-scorsese", "typo in a name"),
    person("kubrik", "stanley-kubrick", "typo in a name"),
    # People and words together.
    film("de niro pacino", "heat-1995", "two actors"),
    film("mann heat", "heat-1995", "director and title"),
    film("pacino godfather", "the-godfather-1972", "actor and title"),
    film("spielberg jaws", "jaws-1975", "director and title"),
    film("tarantino pulp", "pulp-fiction-1994", "director and title word"),
    film("cameron titanic", "titanic-1997", "director picks among namesakes"),
    film("hanks ryan", "saving-private-ryan-1998", "actor and title word"),
    # People by name.
    person("al pacino", "al-pacino", "name"),
    person("robert de niro", "robert-de-niro", "name"),
    person("ed begley jr", "ed-begley-jr", "suffix"),
    person("Ed Begley, Jr.", "ed-begley-jr", "suffix with punctuation"),
    person("ed begley", "ed-begley", "the father, not the son"),
    person("tone loc", "tone-loc", "accents in a name"),
    person("scorsese", "martin-scorsese", "surname alone"),
    person("meryl streep", "meryl-streep", "name"),
    person("tom hanks", "tom-hanks", "name"),
    person("penelope cruz", "penelope-cruz", "accents in a name"),
    person("bjork", "bjork", "accents in a one-word name"),
    person("gerard depardieu", "gerard-depardieu", "accents in a name"),
    person("samuel l jackson", "samuel-l-jackson", "initial"),
    person("sigourney", "sigourney-weaver", "first name alone"),
    person("zhang ziyi", "zhang-ziyi", "name"),
    # A title word beats a name that only begins with it ('heat' → Heaton).
    film("big", "big-1988", "title word beats name prefix"),
    film("her", "her-2013", "title word beats name prefix"),
    film("ran", "ran-1985", "title word beats name prefix"),
    film("drive", "drive-2011", "title word beats name prefix"),
    film("in the heat of the night", "in-the-heat-of-the-night-1967", "title word"),
    # A famous person beats a namesake: their body of work counts, not only its mean.
    person("godard", "jean-luc-godard", "famous person beats namesake"),
    person("kurosawa", "akira-kurosawa", "famous person beats namesake"),
    person("lynch", "david-lynch", "famous person beats namesake"),
    person("nolan", "christopher-nolan", "famous person beats namesake"),
    person("eastwood", "clint-eastwood", "famous person beats namesake"),
    person("welles", "orson-welles", "famous person beats namesake"),
    person("coppola", "francis-ford-coppola", "famous person beats namesake"),
    # A person's best-known films first (the Films tab of their name).
    film("de niro", "taxi-driver-1976", "best-known films", among="film"),
    film("pacino", "the-godfather-1972", "best-known films", among="film"),
    film("coppola", "the-godfather-1972", "best-known films", among="film"),
    film("hanks", "forrest-gump-1994", "best-known films", among="film"),
    film(
        "jack nicholson",
        "one-flew-over-the-cuckoos-nest-1975",
        "best-known films",
        among="film",
    ),
    # Numbers, fractions and symbols as people type them.
    film("8 1/2", "812-1963", "fraction"),
    film("8½", "812-1963", "fraction"),
    film("½", "812-1963", "fraction alone"),
    film("eight and a half", "812-1963", "fraction in words"),
    film("naked gun 2 1/2", "the-naked-gun-212-the-smell-of-fear-1991", "fraction"),
    film("9 1/2 weeks", "912-weeks-1986", "fraction"),
    film("rocky ii", "rocky-ii-1979", "roman numeral"),
    film("rocky 3", "rocky-iii-1982", "roman numeral"),
    film("rocky iv", "rocky-iv-1985", "roman numeral"),
    film("toy story iii", "toy-story-3-2010", "roman numeral"),
    film("star wars episode 4", "star-wars-episode-iv-a-new-hope-1977", "numeral"),
    film("harold and kumar", "harold-kumar-go-to-white-castle-2004", "ampersand"),
    film("pride & prejudice", "pride-prejudice-2005", "ampersand"),
    film("sense & sensibility", "sense-and-sensibility-1995", "ampersand"),
    film("romeo and juliet 1996", "romeo-juliet-1996", "plus as and, year"),
    film("rock and roll high school", "rock-n-roll-high-school-1978", "'n' as and"),
    film("boyz and the hood", "boyz-n-the-hood-1991", "'n' as and"),
)


@dataclass(frozen=True)
class Scores:
    cases: int
    success_at_1: float
    success_at_5: float
    mrr: float
    misses: tuple[tuple[Case, int | None, list[str]], ...]


def evaluate(
    ranked: Callable[[str, str | None], Sequence[tuple[str, str]]],
    cases: Sequence[Case] = CASES,
) -> Scores:
    """Score a search function that returns ranked (kind, slug) pairs for a query
    and a type to restrict the results to (None: all types). A miss is a case whose
    answer is not first: (case, rank or None, top three)."""
    at_1 = at_5 = 0
    reciprocal = 0.0
    misses = []
    for case in cases:
        results = list(ranked(case.query, case.among))
        rank = next(
            (
                position
                for position, (kind, slug) in enumerate(results, start=1)
                if kind == case.kind and slug == case.slug
            ),
            None,
        )
        if rank == 1:
            at_1 += 1
        if rank is not None and rank <= 5:
            at_5 += 1
        if rank is not None:
            reciprocal += 1 / rank
        if rank != 1:
            misses.append((case, rank, [slug for _kind, slug in results[:3]]))
    total = len(cases)
    return Scores(
        cases=total,
        success_at_1=at_1 / total,
        success_at_5=at_5 / total,
        mrr=reciprocal / total,
        misses=tuple(misses),
    )
