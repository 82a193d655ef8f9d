"""Administrators create members, reset their passwords and set their content limit;
the audit log of staff actions."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from cinematheque.members.models import ApiToken, User

MEMBER_FIELDS = (
    "email_verified",
    "profile_public",
    "bio",
    "content_limit",
    "content_limit_hides_unknown",
    "region",
)


class ApiTokenInline(admin.TabularInline):
    """A member's API tokens, to see and revoke (delete); never to create: a token
    is shown once, to the member, on their settings page or by the CLI."""

    model = ApiToken
    extra = 0
    fields = ("name", "prefix", "created_at", "last_used_at")
    readonly_fields = fields
    verbose_name = "API token"

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(User)
class MemberAdmin(UserAdmin):
    inlines = [ApiTokenInline]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Member", {"fields": MEMBER_FIELDS}))
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        (
            "Member",
            {"fields": ("email", "content_limit", "content_limit_hides_unknown")},
        ),
    )
    list_display = ("username", "email", "is_staff", "content_limit", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "profile_public")


@admin.register(LogEntry)
class StaffActionAdmin(admin.ModelAdmin):
    """The audit log of staff actions: every add, change and delete made in the admin
    (Django writes them), read-only. Log-ins and refused log-ins are under Axes."""

    list_display = ["action_time", "user", "action_flag", "content_type", "object_repr"]
    list_filter = [
        "action_flag",
        "content_type",
        ("user", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["object_repr", "change_message", "user__username"]
    date_hierarchy = "action_time"
    list_select_related = ["user", "content_type"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
