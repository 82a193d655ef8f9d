"""Reviews, likes, lists, following, the feed and profiles: services and pages."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cinematheque.catalogue.models import FilmGenre
from cinematheque.members import following, lists, profiles, reviews
from cinematheque.members.models import (
    DiaryEntry,
    FilmList,
    Follow,
    Rating,
    Review,
    WatchedFilm,
)
from cinematheque.people.models import Credit
from tests.factories import make_credit, make_film, make_genre, make_person, make_user

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Reviews ---------------------------------------------------------------------


def test_review_markdown_is_rendered_without_raw_html(film) -> None:
    author = make_user()
    review = reviews.review_create(
        user=author,
        film=film,
        body="**Great** heist.\n\n<script>alert(1)</script><img src=x onerror=alert(1)>",
    )
    response = Client().get(
        reverse("members:review", args=[author.username, review.pk])
    )
    html = response.content.decode()
    assert "<strong>Great</strong>" in html
    assert "<script>alert(1)" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html


def test_review_of_a_diary_entry_must_be_the_members_own(film) -> None:
    author, other = make_user(), make_user()
    entry = DiaryEntry.objects.create(
        user=author, film=film, watched_on=datetime.date(2025, 1, 1)
    )
    review = reviews.review_create(
        user=author, film=film, body="Logged.", diary_entry=entry
    )
    assert entry.review == review
    with pytest.raises(ValidationError, match="another member"):
        reviews.review_create(user=other, film=film, body="No.", diary_entry=entry)


def test_review_page_has_review_jsonld_without_spoilers(film) -> None:
    import json
    import re

    author = make_user()
    plain = reviews.review_create(user=author, film=film, body="*Tense* and long.")
    spoiler = reviews.review_create(
        user=author, film=film, body="He dies.", contains_spoilers=True
    )

    def jsonld(review):
        url = reverse("members:review", args=[author.username, review.pk])
        html = Client().get(url).content.decode()
        found = re.search(
            r'<script type="application/ld\+json">(.*?)</script>', html, re.S
        )
        return json.loads(found.group(1))

    data = jsonld(plain)
    assert data["@type"] == "Review"
    assert data["itemReviewed"]["name"] == film.title
    assert data["reviewBody"] == "Tense and long."
    assert "reviewBody" not in jsonld(spoiler)


def test_empty_review_is_refused_with_400(film) -> None:
    author = make_user()
    response = signed_in(author).post(
        reverse("members:review_new", args=[film.slug]), {"body": "   "}
    )
    assert response.status_code == 400
    assert b"cannot be empty" in response.content
    assert not Review.objects.exists()


def test_writing_a_review_redirects_to_its_permalink(film) -> None:
    author = make_user()
    response = signed_in(author).post(
        reverse("members:review_new", args=[film.slug]),
        {"body": "It is long.", "contains_spoilers": "on"},
    )
    review = Review.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "members:review", args=[author.username, review.pk]
    )
    assert review.contains_spoilers


def test_spoiler_review_is_hidden_behind_details(film) -> None:
    author = make_user()
    reviews.review_create(
        user=author, film=film, body="The ending twist.", contains_spoilers=True
    )
    html = Client().get(film.get_absolute_url()).content.decode()
    start = html.index('class="review__spoiler"')
    assert html.index("The ending twist.") > start
    assert "<details" in html[start - 40 : start]


def test_like_count_stays_exact_through_likes_and_unlikes(film) -> None:
    author = make_user()
    review = reviews.review_create(user=author, film=film, body="Good.")
    fans = [make_user() for _ in range(3)]
    for fan in fans:
        assert reviews.review_like(user=fan, review=review)
    assert not reviews.review_like(user=fans[0], review=review)  # once per member
    assert reviews.review_unlike(user=fans[1], review=review)
    assert not reviews.review_unlike(user=fans[1], review=review)
    review.refresh_from_db()
    assert review.like_count == 2 == review.likes.count()
    with pytest.raises(ValidationError, match="own review"):
        reviews.review_like(user=author, review=review)


def test_film_page_shows_reviews_and_forgets_its_cache_on_change(film) -> None:
    author, fan = make_user(), make_user()
    visitor = Client()
    assert b"No reviews yet" in visitor.get(film.get_absolute_url()).content
    review = reviews.review_create(user=author, film=film, body="First words.")
    assert b"First words." in visitor.get(film.get_absolute_url()).content
    reviews.review_like(user=fan, review=review)
    assert b"1 like<" in visitor.get(film.get_absolute_url()).content
    reviews.review_update(review=review, body="Second words.", contains_spoilers=False)
    page = visitor.get(film.get_absolute_url()).content
    assert b"Second words." in page
    assert b"First words." not in page
    reviews.review_delete(review=review)
    assert b"No reviews yet" in visitor.get(film.get_absolute_url()).content


def test_film_page_stays_cached_between_review_changes(film) -> None:
    review = reviews.review_create(user=make_user(), film=film, body="Words.")
    visitor = Client()
    visitor.get(film.get_absolute_url())
    assert visitor.get(film.get_absolute_url())["X-Cache"].startswith("HIT")
    reviews.review_like(user=make_user(), review=review)
    page = visitor.get(film.get_absolute_url())
    assert not page["X-Cache"].startswith("HIT")
    assert b"1 like<" in page.content
    assert visitor.get(film.get_absolute_url())["X-Cache"].startswith("HIT")


def test_private_members_reviews_stay_off_the_film_page(film) -> None:
    author = make_user()
    reviews.review_create(user=author, film=film, body="Secret thoughts.")
    visitor = Client()
    assert b"Secret thoughts." in visitor.get(film.get_absolute_url()).content
    author.profile_public = False
    author.save()
    assert b"Secret thoughts." not in visitor.get(film.get_absolute_url()).content


def test_a_reviewers_log_in_leaves_the_film_page_cached(film) -> None:
    author = make_user()
    reviews.review_create(user=author, film=film, body="Words.")
    visitor = Client()
    visitor.get(film.get_absolute_url())
    signed_in(author)  # saves last_login
    author.set_password("new-password")
    author.save(update_fields=["password"])
    assert visitor.get(film.get_absolute_url())["X-Cache"].startswith("HIT")


def test_most_liked_order(film) -> None:
    author = make_user()
    first = reviews.review_create(user=author, film=film, body="Older, loved.")
    second = reviews.review_create(user=author, film=film, body="Newer.")
    reviews.review_like(user=make_user(), review=first)
    assert list(reviews.reviews_for_film(film.pk)) == [second, first]
    assert list(reviews.reviews_for_film(film.pk, order="liked")) == [first, second]
    page = Client().get(
        reverse("members:film_reviews", args=[film.slug]), {"sort": "liked"}
    )
    html = page.content.decode()
    assert html.index("Older, loved.") < html.index("Newer.")


def test_like_and_unlike_through_the_page(film) -> None:
    review = reviews.review_create(user=make_user(), film=film, body="Good.")
    fan = signed_in(make_user())
    url = reverse("members:review_like", args=[review.user.username, review.pk])
    assert fan.post(url).status_code == 302
    assert fan.post(url, HTTP_ACCEPT="application/json").json() == {
        "liked": True,
        "like_count": 1,
    }
    assert fan.post(url, {"action": "unlike"}).status_code == 302
    review.refresh_from_db()
    assert review.like_count == 0


# --- Lists -----------------------------------------------------------------------


def test_list_slugs_are_unique_per_owner() -> None:
    owner = make_user()
    first = lists.list_create(owner=owner, title="Best heists")
    second = lists.list_create(owner=owner, title="Best heists")
    other = lists.list_create(owner=make_user(), title="Best heists")
    assert (first.slug, second.slug, other.slug) == (
        "best-heists",
        "best-heists-2",
        "best-heists",
    )
    with pytest.raises(ValidationError):
        lists.list_create(owner=owner, title="  ")


def _list_with_films(count: int = 3) -> tuple[FilmList, list]:
    film_list = lists.list_create(owner=make_user(), title="Crime", ranked=True)
    films = [make_film(title=f"Film {n}") for n in range(count)]
    for film in films:
        lists.list_add_film(film_list=film_list, film=film)
    return film_list, films


def _order(film_list: FilmList) -> list[int]:
    return list(film_list.items.values_list("film_id", flat=True))


def test_list_reorder_move_remove_keep_positions_without_gaps() -> None:
    film_list, films = _list_with_films(4)
    a, b, c, d = (f.pk for f in films)
    _, added = lists.list_add_film(film_list=film_list, film=films[0])
    assert not added
    items = {i.film_id: i.pk for i in film_list.items.all()}
    lists.list_reorder(
        film_list=film_list, item_ids=[items[d], items[a], items[b], items[c]]
    )
    assert _order(film_list) == [d, a, b, c]
    lists.list_move_item(item=film_list.items.get(film_id=b), step=-1)
    assert _order(film_list) == [d, b, a, c]
    lists.list_move_item(item=film_list.items.get(film_id=d), step=-1)  # already first
    lists.list_remove_item(item=film_list.items.get(film_id=b))
    assert _order(film_list) == [d, a, c]
    assert list(film_list.items.values_list("position", flat=True)) == [1, 2, 3]
    with pytest.raises(ValidationError, match="each film"):
        lists.list_reorder(film_list=film_list, item_ids=[items[d], items[a]])


def test_list_page_controls_work_without_javascript() -> None:
    film_list, films = _list_with_films(2)
    owner = signed_in(film_list.owner)
    url = reverse("members:list", args=[film_list.owner.username, film_list.slug])
    page = owner.get(url).content.decode()
    assert 'value="down"' in page
    assert "data-reorder-url" in page
    second = film_list.items.get(film=films[1])
    item_url = reverse(
        "members:list_item", args=[film_list.owner.username, film_list.slug, second.pk]
    )
    assert owner.post(item_url, {"action": "up"}).status_code == 302
    assert _order(film_list) == [films[1].pk, films[0].pk]
    owner.post(item_url, {"action": "note", "note": "The best one."})
    assert "The best one." in owner.get(url).content.decode()
    assert owner.post(item_url, {"action": "explode"}).status_code == 400


def test_reorder_endpoint_takes_comma_separated_ids_and_refuses_stale_orders() -> None:
    film_list, films = _list_with_films(3)
    owner = signed_in(film_list.owner)
    url = reverse(
        "members:list_reorder", args=[film_list.owner.username, film_list.slug]
    )
    ids = list(film_list.items.values_list("pk", flat=True))
    response = owner.post(
        url, {"order": ",".join(map(str, ids[::-1]))}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    assert _order(film_list) == [f.pk for f in films[::-1]]
    assert owner.post(url, {"order": "1,2,x"}).status_code == 400
    assert owner.post(url, {"order": str(ids[0])}).status_code == 400


def test_list_film_search_and_add() -> None:
    film_list, _ = _list_with_films(0)
    heat = make_film(title="Heat", slug="heat-1995")
    owner = signed_in(film_list.owner)
    url = reverse("members:list", args=[film_list.owner.username, film_list.slug])
    assert "Heat" in owner.get(url, {"q": "hea"}).content.decode()
    add = reverse("members:list_add", args=[film_list.owner.username, film_list.slug])
    owner.post(add, {"film": "heat-1995"})
    assert _order(film_list) == [heat.pk]
    assert owner.post(add, {"film": "no-such-film"}).status_code == 302
    assert _order(film_list) == [heat.pk]


def test_add_to_list_from_the_film_page(film) -> None:
    member = make_user()
    film_list = lists.list_create(owner=member, title="Later")
    client = signed_in(member)
    page = client.get(reverse("members:add_to_list", args=[film.slug]))
    assert b"Later" in page.content
    client.post(
        reverse("members:add_to_list", args=[film.slug]), {"list": film_list.pk}
    )
    assert _order(film_list) == [film.pk]
    new = client.post(
        reverse("members:list_new") + f"?film={film.slug}",
        {"title": "Fresh", "public": "on"},
    )
    assert new.status_code == 302
    assert _order(FilmList.objects.get(title="Fresh")) == [film.pk]


# --- Following and the feed ------------------------------------------------------


def test_follow_unfollow_and_no_self_follow() -> None:
    alice, bob = make_user(), make_user()
    assert following.follow(follower=alice, followed=bob)
    assert not following.follow(follower=alice, followed=bob)
    with pytest.raises(ValidationError):
        following.follow(follower=alice, followed=alice)
    assert following.unfollow(follower=alice, followed=bob)
    assert not Follow.objects.exists()
    client = signed_in(alice)
    client.post(reverse("members:follow", args=[bob.username]))
    assert following.is_following(alice, bob)
    assert (
        client.post(reverse("members:follow", args=[alice.username])).status_code == 400
    )


def test_feed_is_newest_first_and_hides_private_profiles(film) -> None:
    me, public, private, stranger = (
        make_user(),
        make_user(),
        make_user(profile_public=False),
        make_user(),
    )
    following.follow(follower=me, followed=public)
    following.follow(follower=me, followed=private)
    Rating.objects.create(user=public, film=film, value=8)
    reviews.review_create(user=public, film=film, body="Visible.")
    lists.list_create(owner=public, title="Public list")
    lists.list_create(owner=public, title="Hidden list", public=False)
    reviews.review_create(user=private, film=film, body="Private.")
    reviews.review_create(user=stranger, film=film, body="Not followed.")
    activities, has_next = following.feed_page(me, 1)
    assert [a.kind for a in activities] == ["list", "review", "rating"]
    assert {a.user for a in activities} == {public}
    assert not has_next
    html = signed_in(me).get(reverse("members:feed")).content.decode()
    assert "Public list" in html
    assert "Hidden list" not in html


def test_feed_paginates(film) -> None:
    me, friend = make_user(), make_user()
    following.follow(follower=me, followed=friend)
    for n in range(following.FEED_PAGE_SIZE + 5):
        lists.list_create(owner=friend, title=f"List {n}")
    first, more = following.feed_page(me, 1)
    second, last = following.feed_page(me, 2)
    assert len(first) == following.FEED_PAGE_SIZE
    assert more
    assert len(second) == 5
    assert not last
    assert not {a.item.pk for a in first} & {a.item.pk for a in second}


# --- Profiles and statistics -----------------------------------------------------


def _member_with_history():
    member = make_user()
    crime, drama = make_genre("Crime"), make_genre("Drama")
    mann = make_person(name="Michael Mann")
    pacino = make_person(name="Al Pacino")
    heat = make_film(title="Heat", year=1995, runtime=170)
    thief = make_film(title="Thief", year=1981, runtime=120)
    insider = make_film(title="The Insider", year=1999, runtime=157)
    for film in (heat, thief, insider):
        make_credit(film=film, person=mann, department=Credit.Department.DIRECTING)
        FilmGenre.objects.create(film=film, genre=crime)
    FilmGenre.objects.create(film=insider, genre=drama)
    make_credit(film=heat, person=pacino)
    make_credit(film=insider, person=pacino)
    DiaryEntry.objects.create(
        user=member, film=heat, watched_on=datetime.date(2024, 3, 1), rating=9
    )
    DiaryEntry.objects.create(
        user=member, film=heat, watched_on=datetime.date(2025, 1, 5), rewatch=True
    )
    DiaryEntry.objects.create(
        user=member, film=thief, watched_on=datetime.date(2025, 2, 7), rating=7
    )
    WatchedFilm.objects.create(user=member, film=insider)
    Rating.objects.create(user=member, film=heat, value=9)
    Rating.objects.create(user=member, film=thief, value=7)
    return member


def test_stats_are_aggregated_per_member() -> None:
    member = _member_with_history()
    stats = profiles.member_stats(member)
    assert stats.seen == 3
    assert stats.viewings == 3
    assert stats.minutes == 170 * 2 + 120 + 157
    assert stats.rating_counts[8] == 1
    assert stats.rating_counts[6] == 1
    assert [(b.label, b.value) for b in stats.per_year] == [("2024", 1), ("2025", 2)]
    assert [(b.label, b.value) for b in stats.directors] == [("Michael Mann", 3)]
    assert [(b.label, b.value) for b in stats.actors] == [("Al Pacino", 2)]
    assert [(b.label, b.value) for b in stats.genres] == [("Crime", 3), ("Drama", 1)]
    assert [(b.label, b.value) for b in stats.decades] == [("1980s", 1), ("1990s", 2)]
    year = profiles.member_stats(member, year=2025)
    assert (year.seen, year.viewings, year.minutes) == (2, 2, 290)
    assert [b.value for b in year.per_month][:3] == [1, 1, 0]
    assert year.rating_counts[6] == 1  # Thief's diary rating; Heat's rewatch had none
    assert sum(year.rating_counts) == 1


def _queries_of(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_profile_and_year_queries_do_not_grow_with_history() -> None:
    member = _member_with_history()
    client = Client()
    profile = reverse("members:profile", args=[member.username])
    year = reverse("members:year", args=[member.username, 2025])
    before = (_queries_of(client, profile), _queries_of(client, year))
    genre = make_genre("Thriller")
    for n in range(30):
        film = make_film(title=f"More {n}", year=1960 + n, runtime=90)
        FilmGenre.objects.create(film=film, genre=genre)
        make_credit(
            film=film, person=make_person(), department=Credit.Department.DIRECTING
        )
        DiaryEntry.objects.create(
            user=member,
            film=film,
            watched_on=datetime.date(2025, 1 + n % 12, 1),
            rating=5,
        )
        Rating.objects.create(user=member, film=film, value=1 + n % 10)
    after = (_queries_of(client, profile), _queries_of(client, year))
    assert after == before
    assert before[0] <= 20
    html = client.get(profile).content.decode()
    assert "<svg" in html
    assert "Michael Mann" in html
    assert "Hours watched" in html


def test_feed_queries_do_not_grow_with_activity(film) -> None:
    me = make_user()
    client = signed_in(me)
    url = reverse("members:feed")
    friends = [make_user() for _ in range(3)]
    for friend in friends:
        following.follow(follower=me, followed=friend)
        reviews.review_create(user=friend, film=film, body="Yes.")
    before = _queries_of(client, url)
    for friend in friends:
        Rating.objects.create(user=friend, film=make_film(), value=6)
        lists.list_create(owner=friend, title="More")
    assert _queries_of(client, url) == before


def test_year_in_review_page() -> None:
    member = _member_with_history()
    response = Client().get(reverse("members:year", args=[member.username, 2025]))
    assert response.status_code == 200
    assert b"2025 in review" in response.content
    assert b"Thief" in response.content
    assert (
        Client().get(reverse("members:year", args=[member.username, 99])).status_code
        == 404
    )


def test_private_profile_shows_only_the_name() -> None:
    member = _member_with_history()
    member.profile_public = False
    member.save()
    html = (
        Client()
        .get(reverse("members:profile", args=[member.username]))
        .content.decode()
    )
    assert member.username in html
    assert "This profile is private" in html
    assert "Michael Mann" not in html
    own = signed_in(member).get(reverse("members:profile", args=[member.username]))
    assert b"Michael Mann" in own.content


def test_favourites_edited_by_the_owner() -> None:
    member = make_user()
    heat = make_film(title="Heat", slug="heat-1995")
    thief = make_film(title="Thief", slug="thief-1981")
    client = signed_in(member)
    response = client.post(
        reverse("members:profile_edit"),
        {
            "favourite_1": "thief-1981",
            "favourite_3": "heat-1995",
        },
    )
    assert response.status_code == 302
    assert [(f.position, f.film) for f in profiles.favourites(member)] == [
        (1, thief),
        (3, heat),
    ]
    bad = client.post(reverse("members:profile_edit"), {"favourite_1": "nope"})
    assert bad.status_code == 400
    make_film(title="Heat", year=1986, slug="heat-1986")
    by_title = client.post(reverse("members:profile_edit"), {"favourite_2": "thief"})
    assert by_title.status_code == 302
    assert [f.film for f in profiles.favourites(member)] == [thief]
    ambiguous = client.post(reverse("members:profile_edit"), {"favourite_1": "Heat"})
    assert ambiguous.status_code == 400
    assert "heat-1986" in ambiguous.content.decode()
    client.post(
        reverse("members:profile_edit"),
        {"favourite_1": "thief-1981", "favourite_3": "heat-1995"},
    )
    edit_page = client.get(reverse("members:profile_edit")).content.decode()
    assert 'name="favourite_1" value="thief-1981"' in edit_page
    assert 'name="favourite_2" value=""' in edit_page
    assert 'name="favourite_3" value="heat-1995"' in edit_page
    dup = client.post(
        reverse("members:profile_edit"),
        {"favourite_1": "heat-1995", "favourite_2": "heat-1995"},
    )
    assert dup.status_code == 400
    assert len(profiles.favourites(member)) == 2


def test_bio_and_privacy_are_edited_on_the_settings_page_only() -> None:
    member = make_user(bio="Before", profile_public=True)
    client = signed_in(member)
    response = client.post(
        reverse("members:profile_edit"),
        {"bio": "After", "profile_public": "", "favourite_1": ""},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.bio, member.profile_public) == ("Before", True)
    page = client.get(reverse("members:profile_edit")).content.decode()
    assert 'name="bio"' not in page
    assert 'name="profile_public"' not in page
    assert reverse("members:settings") in page
    settings_page = client.get(reverse("members:settings")).content.decode()
    assert 'name="bio"' in settings_page
    assert reverse("members:profile_edit") in settings_page
    profile = client.get(reverse("members:profile", args=[member.username]))
    assert reverse("members:settings") in profile.content.decode()
