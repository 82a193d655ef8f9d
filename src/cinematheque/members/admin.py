"""Administrators create members, reset their passwords and set their content limit."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from cinematheque.members.models import User

MEMBER_FIELDS = ("profile_public", "bio", "content_limit", "region")


@admin.register(User)
class MemberAdmin(UserAdmin):
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Member", {"fields": MEMBER_FIELDS}))
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("Member", {"fields": ("email", "content_limit")}),
    )
    list_display = ("username", "email", "is_staff", "content_limit", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "profile_public")
