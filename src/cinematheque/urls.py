from django.contrib import admin
from django.urls import include, path, re_path

from cinematheque.api import api
from cinematheque.api.errors import endpoint_not_found
from cinematheque.members.ratelimit import rate_limited
from cinematheque.pages.personal import film_personal, site_personal

urlpatterns = [
    path("", include("cinematheque.pages.urls")),
    path("", include("cinematheque.catalogue.urls")),
    path("people/", include("cinematheque.people.urls")),
    path("search/", include("cinematheque.search.urls")),
    path("", include("cinematheque.editorial.urls")),
    path("", include("cinematheque.members.urls")),  # /accounts/…, /members/…, /me/…
    path("", include("cinematheque.recommendations.urls")),  # /me/for-you/
    path("watch/", include("cinematheque.watch.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/", endpoint_not_found),  # JSON 404 for unknown API URLs
    path("admin/", admin.site.urls),
    path("personal/site/", site_personal, name="personal_site"),
    path(
        "personal/films/<slug:slug>/",
        # Its writes are members' ratings, watched and watchlist changes.
        rate_limited("film-personal", limit=120, window=60)(film_personal),
        name="personal_film",
    ),
]

handler400 = "cinematheque.errors.bad_request"
handler404 = "cinematheque.pages.views.page_not_found"
handler500 = "cinematheque.errors.server_error"
