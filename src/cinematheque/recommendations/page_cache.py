"""What changes to recommendations make cached pages forget (discovered by
`PagesConfig.ready()`). A rebuild names what it changed itself
(`recommendations_rebuild` forgets every "Don't forget to watch" list)."""

from __future__ import annotations

from django.db.models.signals import post_save

from cinematheque.catalogue.models import Film
from cinematheque.pages.cache import forget_on_change, page_cache_forget
from cinematheque.recommendations.models import Recommendation


def recommendation_saved(
    sender: type, instance: Recommendation, **kwargs: object
) -> None:
    page_cache_forget(films=[instance.film_id])


def film_changed(film: Film) -> None:
    """The pages that recommend a film show its title and year."""
    if film.pk:
        pages = Recommendation.objects.filter(recommended_id=film.pk).values_list(
            "film_id", flat=True
        )
        page_cache_forget(films=set(pages))


# Saves only: a receiver of post_delete would make every bulk delete of a rebuild
# fetch and signal each row; the rebuild forgets the lists itself.
post_save.connect(
    recommendation_saved, sender=Recommendation, dispatch_uid="pagecache:recommendation"
)
forget_on_change(Film, film_changed)
