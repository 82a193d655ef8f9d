"""What the person page shows, for the whole-page cache, and what changes to people
and credits make the cached pages forget (discovered by `PagesConfig.ready()`)."""

from __future__ import annotations

from django.http import HttpRequest

from cinematheque.pages.cache import (
    RECOMMENDATIONS,
    forget_on_change,
    page_cache_forget,
    person_key,
    register_cached_page,
)
from cinematheque.people.models import Credit, Person


def person_page(request: HttpRequest, slug: str) -> list[str]:
    person_id = Person.objects.filter(slug=slug).values_list("pk", flat=True).first()
    return [] if person_id is None else [person_key(person_id), RECOMMENDATIONS]


register_cached_page("people:person", person_page)


def person_changed(person: Person) -> None:
    """The person's page and the pages of the films that credit them."""
    films = person.credits.values_list("film_id", flat=True) if person.pk else []
    page_cache_forget(people=[person.pk], films=set(films), sitemaps=True, search=True)


def credit_changed(credit: Credit) -> None:
    page_cache_forget(films=[credit.film_id], people=[credit.person_id], search=True)


forget_on_change(Person, person_changed)
forget_on_change(Credit, credit_changed)
