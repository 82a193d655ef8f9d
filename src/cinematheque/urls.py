from django.contrib import admin
from django.urls import include, path

from cinematheque.api import api

urlpatterns = [
    path("", include("cinematheque.catalogue.urls")),
    path("people/", include("cinematheque.people.urls")),
    path("", include("cinematheque.editorial.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler404 = "cinematheque.catalogue.views.page_not_found"
