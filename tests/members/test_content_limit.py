"""A member's content limit hides the films above it everywhere: film pages, browse,
genres, the home page, search (page, suggestions, API), people's filmographies,
"Don't forget to watch", the API; and the visitors' cached pages are never served
to a limited member nor polluted by one."""

from __future__ import annotations

from django.test import Client

from cinematheque.members.content_limit import content_limit_set
from tests import factories
from tests.members.limits import member_client

HEAT = "/films/heat-1995/"


def test_a_film_above_the_limit_shows_the_hidden_page(limited):
    response = limited.get(HEAT)
    assert response.status_code == 403
    page = response.content.decode()
    assert "hidden by your content limit" in page
    assert "rated R" in page
    assert "PG-13 (United States)" in page
    assert "/me/content-limit/?next=/films/heat-1995/" in page
    assert "Directed by" not in page


def test_films_within_the_limit_and_of_unknown_rating_keep_their_page(limited):
    assert limited.get("/films/babe-1995/").status_code == 200
    assert limited.get("/films/thief-1981/").status_code == 200


def test_hiding_unknown_certifications_is_the_members_choice(catalogue):
    strict = member_client("PG-13", hide_unknown=True)
    response = strict.get("/films/thief-1981/")
    assert response.status_code == 403
    assert "certification is unknown" in response.content.decode()


def test_raising_the_limit_shows_the_film_again(catalogue):
    user = factories.make_user()
    content_limit_set(user=user, ceiling="PG-13", hide_unknown=False)
    client = Client()
    client.force_login(user)
    assert client.get(HEAT).status_code == 403
    content_limit_set(user=user, ceiling="R", hide_unknown=False)
    assert client.get(HEAT).status_code == 200


def test_browse_and_genre_pages_leave_hidden_films_out(limited, catalogue):
    for url in ("/films/", "/genres/crime/"):
        page = limited.get(url).content.decode()
        assert "/films/babe-1995/" in page
        assert "/films/thief-1981/" in page
        assert "/films/heat-1995/" not in page


def test_the_home_page_leaves_hidden_films_out(limited, client, catalogue):
    assert HEAT in client.get("/").content.decode()
    page = limited.get("/").content.decode()
    assert "/films/babe-1995/" in page
    assert HEAT not in page


def test_search_results_and_suggestions_leave_hidden_films_out(limited, catalogue):
    page = limited.get("/search/", {"q": "heat"}).content.decode()
    assert HEAT not in page
    found = limited.get("/search/", {"q": "babe"}).content.decode()
    assert "/films/babe-1995/" in found
    suggestions = limited.get("/search/suggest/", {"q": "hea"})
    assert HEAT not in suggestions.content.decode()
    assert "private" in suggestions["Cache-Control"]


def test_a_person_known_for_a_hidden_film_is_not_labelled_with_it(limited, catalogue):
    items = limited.get("/search/suggest/", {"q": "michael mann"}).json()["items"]
    people = [item for item in items if item["type"] == "person"]
    assert people
    assert all(item["known_for"] != "Heat" for item in people)


def test_a_persons_filmography_leaves_hidden_films_out(limited, client, catalogue):
    url = "/people/michael-mann/"
    assert HEAT in client.get(url).content.decode()
    page = limited.get(url).content.decode()
    assert "/films/babe-1995/" in page
    assert HEAT not in page


def test_the_api_leaves_hidden_films_out_and_refuses_their_documents(
    limited, catalogue
):
    listed = limited.get("/api/v1/films").json()
    slugs = {item["slug"] for item in listed["items"]}
    assert slugs == {"babe-1995", "thief-1981"}
    assert listed["count"] == 2
    refused = limited.get(f"/api/v1/films/{catalogue.heat.pk}")
    assert refused.status_code == 403
    assert "content limit" in refused.json()["detail"]
    assert limited.get("/api/v1/films/by-slug/heat-1995").status_code == 403
    found = limited.get("/api/v1/search", {"q": "heat"}).json()
    assert all(item.get("slug") != "heat-1995" for item in found["items"])
    person = limited.get(f"/api/v1/people/{catalogue.mann.pk}").json()
    assert "heat-1995" not in str(person)
    similar = limited.get(f"/api/v1/films/{catalogue.babe.pk}/similar").json()
    assert [item["film"]["slug"] for item in similar["items"]] == ["thief-1981"]


def test_a_limited_members_api_answers_are_kept_by_no_shared_cache(limited, catalogue):
    response = limited.get("/api/v1/films")
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_dont_forget_to_watch_names_the_hidden_cards_in_the_personal_part(
    limited, client, catalogue
):
    fields = limited.get("/personal/films/babe-1995/").json()["fields"]
    assert fields["hidden_films"] == [HEAT]
    assert (
        client.get("/personal/films/babe-1995/").json()["fields"]["hidden_films"] == []
    )
    # The page itself is the one every visitor gets, script included.
    page = limited.get("/films/babe-1995/").content.decode()
    assert "recommendations/hidden_films" in page


def test_a_member_without_a_limit_sees_everything(catalogue):
    member = member_client("")
    assert member.get(HEAT).status_code == 200
    assert HEAT in member.get("/search/", {"q": "heat"}).content.decode()


# --- The visitors' cache, in both directions -------------------------------------


def test_a_limited_member_is_never_served_the_visitors_cached_page(
    client, limited, catalogue
):
    assert client.get(HEAT)["X-Cache"] == "MISS"
    assert client.get(HEAT)["X-Cache"] == "HIT"  # the visitors' copy exists
    response = limited.get(HEAT)
    assert response.status_code == 403
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_a_limited_members_pages_never_become_the_visitors_copy(
    client, limited, catalogue
):
    for url in ("/films/", "/search/?q=heat", "/people/michael-mann/", HEAT):
        limited.get(url)
        visitor = client.get(url).content.decode()
        assert HEAT in visitor, url


def test_collections_leave_hidden_films_out(limited, client, catalogue):
    from cinematheque.editorial import services
    from cinematheque.editorial.models import Collection

    collection = Collection(slug="mann", title="Michael Mann")
    services.piece_save(piece=collection, author=None)
    collection.items.create(film=catalogue.heat, order=1)
    collection.items.create(film=catalogue.babe, order=2)
    services.piece_publish(piece=collection, author=None)
    assert HEAT in client.get("/collections/mann/").content.decode()
    page = limited.get("/collections/mann/").content.decode()
    assert "/films/babe-1995/" in page
    assert HEAT not in page
    items = limited.get("/api/v1/collections/mann").json()["items"]
    assert [item["film"]["slug"] for item in items] == ["babe-1995"]


def test_an_api_token_carries_its_owners_limit_to_the_public_endpoints(catalogue):
    from cinematheque.members.tokens import token_create

    user = factories.make_user()
    content_limit_set(user=user, ceiling="PG-13", hide_unknown=False)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user).plain}"}
    client = Client()
    listed = client.get("/api/v1/films", **bearer)
    assert {item["slug"] for item in listed.json()["items"]} == {
        "babe-1995",
        "thief-1981",
    }
    assert "private" in listed["Cache-Control"]
    assert client.get(f"/api/v1/films/{catalogue.heat.pk}", **bearer).status_code == 403
    unknown = {"HTTP_AUTHORIZATION": "Bearer cin_not-a-token"}
    assert (
        client.get(f"/api/v1/films/{catalogue.heat.pk}", **unknown).status_code == 200
    )


def test_members_lists_leave_hidden_films_out(limited, client, catalogue):
    from cinematheque.members import lists

    owner = factories.make_user(username="curator")
    film_list = lists.list_create(owner=owner, title="Mann")
    lists.list_add_film(film_list=film_list, film=catalogue.heat)
    lists.list_add_film(film_list=film_list, film=catalogue.babe)
    url = "/members/curator/lists/mann/"
    assert HEAT in client.get(url).content.decode()
    page = limited.get(url).content.decode()
    assert "/films/babe-1995/" in page
    assert HEAT not in page
    answer = limited.get(f"/api/v1/members/curator/lists/{film_list.slug}").json()
    assert [item["film"]["slug"] for item in answer["items"]] == ["babe-1995"]
    assert "heat-1995" in str(client.get("/api/v1/members/curator/lists/mann").json())
