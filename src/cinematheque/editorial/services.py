"""Every change of an editorial piece's state goes through here and leaves a Revision.

Saving an edit, submitting it for review, publishing, unpublishing, restoring an old
revision and resolving a conflict between sources: each is an atomic, keyword-only
function that records who did what, when, and the full content at that moment.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format

from cinematheque.catalogue import provenance
from cinematheque.catalogue.models import Film
from cinematheque.editorial import roles
from cinematheque.editorial.content import (
    apply_snapshot,
    normalise_piece_line_endings,
    render_content,
    snapshot,
)
from cinematheque.editorial.models import (
    Claim,
    Collection,
    CollectionMembership,
    Conflict,
    ConflictOption,
    DraftStateMixin,
    Revision,
    Status,
)

User = AbstractBaseUser | AnonymousUser


class EditConflictError(Exception):
    """Someone saved the same piece after this editor opened it."""

    def __init__(self, message: str, *, refused: Revision) -> None:
        super().__init__(message)
        self.message = message
        self.refused = refused


def author_name(author: Any) -> str:
    """How a person is named in revisions: byline name, full name or username."""
    if author is None or not getattr(author, "is_authenticated", False):
        return "cinematheque"
    profile = getattr(author, "editor_profile", None)
    if profile is not None:
        return profile.display_name
    return author.get_full_name() or author.get_username()


def revision_create(
    *,
    obj: models.Model,
    kind: Revision.Kind,
    author: Any,
    content: dict[str, Any],
    version: int,
    message: str = "",
) -> Revision:
    """Write one revision (audit row) for any editorial object."""
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        kind=kind,
        version=version,
        author=author if getattr(author, "is_authenticated", False) else None,
        author_name=author_name(author),
        content=content,
        message=message[:500],
    )


def _lock(piece: DraftStateMixin) -> DraftStateMixin:
    return type(piece).objects.select_for_update().get(pk=piece.pk)


def piece_check_version(
    *,
    piece: DraftStateMixin,
    expected_version: int | None,
    author: Any,
    unsaved: dict[str, Any],
) -> None:
    """Refuse a save made from an out-of-date copy, or one that does not say which
    version it started from, keeping the refused text.

    `unsaved` is what the editor tried to save; it is stored as a REFUSED revision so
    nothing is lost, and EditConflictError explains who saved in between. Call inside
    the transaction that will save the piece (the row stays locked until it ends), and
    do not let the exception escape that transaction or the kept copy is rolled back.
    """
    current = _lock(piece)
    if expected_version is not None and current.version == expected_version:
        return
    if expected_version is None:
        refused = revision_create(
            obj=current,
            kind=Revision.Kind.REFUSED,
            author=author,
            content=unsaved,
            version=current.version,
            message="Save without a version refused: it could overwrite newer work.",
        )
        raise EditConflictError(
            f"Your form did not say which version of this "
            f"{type(piece)._meta.verbose_name} you started from, so your changes were "
            f"not saved: they could overwrite someone else's newer work. Your version "
            f"is kept in the history as revision {refused.pk}: reload the page, then "
            f"add your changes again.",
            refused=refused,
        )
    latest = (
        Revision.objects.for_object(current).exclude(kind=Revision.Kind.REFUSED).first()
    )
    refused = revision_create(
        obj=current,
        kind=Revision.Kind.REFUSED,
        author=author,
        content=unsaved,
        version=current.version,
        message=f"Save from version {expected_version} refused: the piece is at "
        f"version {current.version}.",
    )
    who = latest.author_name if latest else "another editor"
    when = (
        date_format(timezone.localtime(latest.created_at), "DATETIME_FORMAT")
        if latest
        else "recently"
    )
    raise EditConflictError(
        f"{who} changed this {type(piece)._meta.verbose_name} "
        f"({latest.get_kind_display().lower() if latest else 'saved'}) on {when}, "
        f"after you opened it, so your changes were not saved over theirs. Your version is kept "
        f"in the history as revision {refused.pk}: reload the page to see their "
        f"version, then add your changes again.",
        refused=refused,
    )


@transaction.atomic
def piece_record_edit(
    *, piece: DraftStateMixin, author: Any, created: bool, message: str = ""
) -> Revision:
    """Record a saved edit: bump the version, mark unpublished changes, write a revision.

    Call after the piece and its child rows are saved (the admin does this once per
    form submission).
    """
    status = piece.status
    if status == Status.PUBLISHED:
        status = Status.DRAFT  # the public copy stays as it is until published again
    type(piece).objects.filter(pk=piece.pk).update(
        version=models.F("version") + (0 if created else 1), status=status
    )
    piece.refresh_from_db(fields=["version", "status"])
    return revision_create(
        obj=piece,
        kind=Revision.Kind.CREATED if created else Revision.Kind.SAVED,
        author=author,
        content=snapshot(piece),
        version=piece.version,
        message=message,
    )


def piece_content_at(*, piece: DraftStateMixin, version: int) -> dict[str, Any] | None:
    """The working copy of a piece as it was at `version`, from its history."""
    revision = (
        Revision.objects.for_object(piece)
        .filter(version=version)
        .exclude(kind=Revision.Kind.REFUSED)
        .first()
    )
    return None if revision is None else revision.content


def piece_take_over_demo(*, piece: DraftStateMixin) -> list[str]:
    """An editor's edit makes the piece their own work: it is no longer demo content.

    Returns the fields to add to the save's `update_fields`.
    """
    if not piece.is_demo:
        return []
    piece.is_demo = False
    return ["is_demo"]


def piece_save(
    *,
    piece: DraftStateMixin,
    author: Any,
    expected_version: int | None = None,
    message: str = "",
) -> Revision:
    """Save a piece's own fields (set on `piece` by the caller) and record the edit.

    For an existing piece, `expected_version` is the version the editor started from
    (by default the version `piece` was loaded at); a save from an older version
    raises EditConflictError and changes nothing but the history, where the refused
    text is kept. Line endings are normalised to "\n". A person's edit of demo
    content makes it their own (`author=None`, the system, leaves the origin as is).
    """
    normalise_piece_line_endings(piece)
    if getattr(author, "is_authenticated", False):
        piece_take_over_demo(piece=piece)
    created = piece.pk is None
    refused: EditConflictError | None = None
    with transaction.atomic():
        if created:
            piece.save()
        else:
            try:
                piece_check_version(
                    piece=piece,
                    expected_version=(
                        piece.version if expected_version is None else expected_version
                    ),
                    author=author,
                    unsaved=snapshot(piece),
                )
            except EditConflictError as error:
                refused = error  # leave the block normally: the kept copy commits
            else:
                # Only the content: the workflow fields in memory may be stale.
                piece.save(
                    update_fields=[*piece.content_fields, "is_demo", "updated_at"]
                )
        if refused is None:
            return piece_record_edit(
                piece=piece, author=author, created=created, message=message
            )
    raise refused


def _require(author: Any, permission: str) -> None:
    if author is not None and not author.has_perm(permission):
        raise PermissionDenied(f"You need the '{permission}' permission to do this.")


@transaction.atomic
def piece_submit(*, piece: DraftStateMixin, author: Any) -> Revision:
    """Ask a chief editor to review the working copy."""
    piece = _lock(piece)
    if piece.status == Status.PUBLISHED:
        raise ValidationError("This piece has no unpublished changes to review.")
    piece.status = Status.IN_REVIEW
    piece.version += 1
    piece.save(update_fields=["status", "version", "updated_at"])
    return revision_create(
        obj=piece,
        kind=Revision.Kind.SUBMITTED,
        author=author,
        content=snapshot(piece),
        version=piece.version,
    )


@transaction.atomic
def piece_publish(*, piece: DraftStateMixin, author: Any) -> DraftStateMixin:
    """Make the working copy public: render and freeze it as `live_content`.

    `author=None` is the system (the demo loader); a person needs publish permission.
    """
    _require(author, roles.PUBLISH_PERMISSION)
    piece = _lock(piece)
    now = timezone.now()
    piece.live_content = render_content(piece)
    piece.live = True
    piece.status = Status.PUBLISHED
    piece.first_published_at = piece.first_published_at or now
    piece.last_published_at = now
    piece.version += 1
    piece.save(
        update_fields=[
            "version",
            "live_content",
            "live",
            "status",
            "first_published_at",
            "last_published_at",
            "updated_at",
        ]
    )
    if isinstance(piece, Collection):
        _collection_memberships_rebuild(piece)
    revision_create(
        obj=piece,
        kind=Revision.Kind.PUBLISHED,
        author=author,
        content=snapshot(piece),
        version=piece.version,
    )
    return piece


@transaction.atomic
def piece_unpublish(*, piece: DraftStateMixin, author: Any) -> DraftStateMixin:
    """Withdraw the public copy; the working copy and the history stay."""
    _require(author, roles.PUBLISH_PERMISSION)
    piece = _lock(piece)
    piece.live = False
    piece.live_content = None
    piece.status = Status.DRAFT
    piece.version += 1
    piece.save(
        update_fields=["live", "live_content", "status", "version", "updated_at"]
    )
    if isinstance(piece, Collection):
        _collection_memberships_rebuild(piece)
    revision_create(
        obj=piece,
        kind=Revision.Kind.UNPUBLISHED,
        author=author,
        content=snapshot(piece),
        version=piece.version,
    )
    return piece


def _collection_memberships_rebuild(collection: Collection) -> None:
    CollectionMembership.objects.filter(collection=collection).delete()
    if not collection.live:
        return
    items = (collection.live_content or {}).get("items", [])
    CollectionMembership.objects.bulk_create(
        CollectionMembership(collection=collection, film_id=item["film_id"], position=n)
        for n, item in enumerate(items, start=1)
    )


@transaction.atomic
def revision_restore(*, revision: Revision, author: Any) -> Revision:
    """Bring back an earlier revision as the new working copy (not published).

    The current working copy is itself a revision already, so nothing is lost.
    """
    _require(author, roles.RESTORE_PERMISSION)
    piece = revision.piece()
    if not isinstance(piece, DraftStateMixin):
        raise ValidationError("This revision's piece no longer exists.")
    piece = _lock(piece)
    apply_snapshot(piece, revision.content)
    piece.version += 1
    piece.status = Status.DRAFT
    piece.save(update_fields=["version", "status", "updated_at"])
    return revision_create(
        obj=piece,
        kind=Revision.Kind.RESTORED,
        author=author,
        content=snapshot(piece),
        version=piece.version,
        message=f"Restored revision {revision.pk} of "
        f"{date_format(timezone.localtime(revision.created_at), 'DATETIME_FORMAT')} "
        f"by {revision.author_name}.",
    )


# -- conflicts between sources ---------------------------------------------------------


@transaction.atomic
def conflict_open(
    *,
    film: Film,
    subject: str,
    options: list[dict[str, Any]],
    author: Any,
    is_demo: bool = False,
) -> Conflict:
    """Record that sources disagree; each option is {value, origin, source?, claim?}."""
    if len(options) < 2:
        raise ValidationError("A conflict needs at least two competing values.")
    conflict = Conflict.objects.create(
        film=film,
        subject=subject,
        created_by=author if getattr(author, "is_authenticated", False) else None,
        is_demo=is_demo,
    )
    ConflictOption.objects.bulk_create(
        ConflictOption(conflict=conflict, **option) for option in options
    )
    return conflict


FIELDS_OPEN_TO_CONFLICT = (
    "title",
    "original_title",
    "year",
    "release_date",
    "runtime",
    "certification",
    "budget",
    "box_office",
)


def conflict_open_for_field(
    *, film: Film, field: str, editorial_value: str, origin: str, author: Any
) -> Conflict:
    """An editor disagrees with an imported film fact: open a conflict between the
    imported value (with its source) and the editor's value."""
    if field not in FIELDS_OPEN_TO_CONFLICT:
        raise ValidationError(f"{field!r} is not a film fact editors can dispute.")
    imported = getattr(film, field)
    label = str(getattr(Film._meta.get_field(field), "verbose_name", field))
    return conflict_open(
        film=film,
        subject=f"{str(label).capitalize()} of {film.display_title}",
        options=[
            {
                "value": "" if imported is None else str(imported),
                "origin": f"Imported from {film.source.name}"
                if film.source
                else "Imported",
                "source": film.source,
            },
            {"value": editorial_value, "origin": origin},
        ],
        author=author,
    )


@transaction.atomic
def conflict_resolve(
    *, conflict: Conflict, chosen: ConflictOption, note: str, author: Any
) -> Conflict:
    """Choose one value, record the decision and mark competing claims as disputed.

    The decision (chosen value, rejected values with their origins, who, when, why) is
    frozen on the conflict and written as a revision; readers see it on the film page.
    For a conflict an import raised about a film field, the chosen source's value
    becomes the editors' value of the field, which no re-import reverts.
    """
    _require(author, roles.RESOLVE_PERMISSION)
    conflict = Conflict.objects.select_for_update().get(pk=conflict.pk)
    if chosen.conflict_id != conflict.pk:
        raise ValidationError("The chosen value belongs to another conflict.")
    options = list(conflict.options.select_related("claim", "source"))
    chosen = next(option for option in options if option.pk == chosen.pk)
    rejected = [option for option in options if option.pk != chosen.pk]
    conflict.status = Conflict.Status.RESOLVED
    conflict.chosen_value = chosen.value
    conflict.decision_note = note
    conflict.resolved_by = (
        author if getattr(author, "is_authenticated", False) else None
    )
    conflict.resolved_at = timezone.now()
    conflict.decision = {
        "subject": conflict.subject,
        "chosen": {"value": chosen.value, "origin": chosen.origin},
        "rejected": [{"value": o.value, "origin": o.origin} for o in rejected],
        "note": note,
        "resolved_by": author_name(author),
    }
    conflict.save()
    if conflict.field and chosen.source is not None:
        # A disagreement between imported sources: the film shows the chosen
        # source's value as the editors' own, so no re-import reverts it.
        provenance.film_field_choose(
            film=conflict.film, field=conflict.field, source=chosen.source
        )
    for option in rejected:
        if option.claim is not None:
            _claim_mark_disputed(claim=option.claim, author=author, conflict=conflict)
    revision_create(
        obj=conflict,
        kind=Revision.Kind.RESOLVED,
        author=author,
        content=conflict.decision,
        version=1,
        message=f"Chose {chosen.value!r} ({chosen.origin}).",
    )
    return conflict


def _claim_mark_disputed(*, claim: Claim, author: Any, conflict: Conflict) -> None:
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    was_published = claim.status == Status.PUBLISHED
    claim.verification = Claim.Verification.DISPUTED
    fields = ["verification", "updated_at"]
    if claim.live and claim.live_content:
        # The decision is a chief editor's: it applies to the public copy at once.
        claim.live_content = {
            **claim.live_content,
            "verification": Claim.Verification.DISPUTED,
            "shown_verification": Claim.Verification.DISPUTED,
            "verification_label": str(Claim.Verification.DISPUTED.label),
        }
        fields.append("live_content")
    claim.save(update_fields=fields)
    piece_record_edit(
        piece=claim,
        author=author,
        created=False,
        message=f"Marked disputed by the decision on conflict {conflict.pk}.",
    )
    if was_published and claim.live:
        # The public copy was changed the same way: nothing is left unpublished.
        Claim.objects.filter(pk=claim.pk).update(status=Status.PUBLISHED)
