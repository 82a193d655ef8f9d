"""People in the admin: administrators correct what the sources say about a person;
what they type is the editors' value, which no re-import reverts."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cinematheque.people import provenance
from cinematheque.people.models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "birth_year", "death_year", "known_for_department")
    search_fields = ("name", "imdb_id", "=tmdb_id")
    show_full_result_count = False
    fields = (
        "name",
        "slug",
        "birthday",
        "deathday",
        "birth_year",
        "death_year",
        "place_of_birth",
        "biography",
        "also_known_as",
        "known_for_department",
        "profile_path",
        "imdb_id",
        "tmdb_id",
        "wikidata_id",
    )
    readonly_fields = ("imdb_id", "tmdb_id", "wikidata_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def save_model(
        self, request: HttpRequest, obj: Person, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        edited = provenance.FIELDS if not change else form.changed_data
        provenance.person_fields_edited(person=obj, fields=edited)
