"""Editorial roles: Django groups with permissions (created by migration 0002).

- Editor: writes and edits drafts, submits them for review, restores old revisions,
  reports conflicts between sources.
- Chief editor: everything an editor does, plus publishing, unpublishing, deleting
  pieces and resolving conflicts.
- Administrator: a superuser; also edits the catalogue's facts in the admin.
"""

from __future__ import annotations

from typing import Any

EDITOR_GROUP = "Editor"
CHIEF_EDITOR_GROUP = "Chief editor"

PUBLISH_PERMISSION = "editorial.publish_content"
RESTORE_PERMISSION = "editorial.restore_revision"
RESOLVE_PERMISSION = "editorial.resolve_conflict"

# model name -> actions, for each group (view/add/change/delete codenames).
_PIECES = ("filmtext", "complexity", "advisory", "faqentry", "claim", "collection")
_CHILDREN = ("citation", "collectionitem")
EDITOR_PERMISSIONS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(_PIECES, ("view", "add", "change")),
    **dict.fromkeys(_CHILDREN, ("view", "add", "change", "delete")),
    "conflict": ("view", "add", "change"),
    "conflictoption": ("view", "add", "change", "delete"),
    "revision": ("view",),
    "editorprofile": ("view",),
}
CHIEF_EDITOR_PERMISSIONS: dict[str, tuple[str, ...]] = {
    **EDITOR_PERMISSIONS,
    **dict.fromkeys(_PIECES, ("view", "add", "change", "delete")),
    "editorprofile": ("view", "add", "change"),
}
EDITOR_EXTRA = ("restore_revision",)
CHIEF_EDITOR_EXTRA = ("restore_revision", "publish_content", "resolve_conflict")


def is_editor(user: Any) -> bool:
    """Anyone who may see drafts: editors, chief editors, administrators."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_perm("editorial.view_filmtext")
    )


def can_publish(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.has_perm(PUBLISH_PERMISSION)
    )
