from django.contrib import admin
from django.urls import include, path, re_path

from cinematheque.api import api
from cinematheque.api.errors import endpoint_not_found
from cinematheque.pages.personal import film_personal

urlpatterns = [
    path("", include("cinematheque.pages.urls")),
    path("", include("cinematheque.catalogue.urls")),
    path("people/", include("cinematheque.people.urls")),
    path("search/", include("cinematheque.search.urls")),
    path("", include("cinematheque.editorial.urls")),
    path("", include("cinematheque.members.urls")),  # /accounts/…, /members/…, /me/…
    path("api/v1/", api.urls),
    re_path(r"^api/", endpoint_not_found),  # JSON 404 for unknown API URLs
    path("admin/", admin.site.urls),
    path("personal/films/<slug:slug>/", film_personal, name="personal_film"),
]

handler400 = "cinematheque.errors.bad_request"
handler404 = "cinematheque.pages.views.page_not_found"
handler500 = "cinematheque.errors.server_error"
