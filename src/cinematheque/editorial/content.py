"""Snapshots, readable diffs and the rendered (published or previewed) copy of a piece.

A snapshot is the raw working copy as JSON: the piece's `content_fields` plus its child
rows. It is what a `Revision` stores and what a restore puts back. The rendered copy is
the snapshot plus what a page needs to display it (sanitised HTML, byline, labels); it is
computed by the same function for the published copy and for a preview, so a preview
looks exactly like the page will.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cinematheque.catalogue.models import Film
from cinematheque.editorial.markdown import html_to_text, render_markdown
from cinematheque.editorial.models import (
    ADVISORY_CATEGORIES,
    Advisory,
    Claim,
    Collection,
    Complexity,
    DraftStateMixin,
    EditorProfile,
    FaqEntry,
    FilmText,
    Severity,
)

TEAM_BYLINE = "the cinematheque editorial team"


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def normalise_line_endings(text: str) -> str:
    """CRLF (what browsers send from a textarea) and lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalise_piece_line_endings(piece: DraftStateMixin) -> None:
    """Normalise the line endings of every text field of a piece's content."""
    for name in piece.content_fields:
        value = getattr(piece, name)
        if isinstance(value, str):
            setattr(piece, name, normalise_line_endings(value))


def snapshot(piece: DraftStateMixin) -> dict[str, Any]:
    """The working copy of a piece (fields and child rows) as JSON-ready data."""
    data: dict[str, Any] = {
        name: _json_value(getattr(piece, name)) for name in piece.content_fields
    }
    for relation, fields in piece.child_relations.items():
        data[relation] = [
            {name: _json_value(getattr(child, name)) for name in fields}
            for child in getattr(piece, relation).all()
        ]
    return data


def apply_snapshot(piece: DraftStateMixin, data: dict[str, Any]) -> None:
    """Put a snapshot back into the working copy: fields, then child rows replaced.

    Call inside a transaction; the caller saves the piece's own fields.
    """
    for name in piece.content_fields:
        if name in data:
            field = piece._meta.get_field(name.removesuffix("_id"))
            value = data[name]
            if isinstance(field, models.DateField) and isinstance(value, str):
                value = dt.date.fromisoformat(value)
            if isinstance(field, models.ForeignKey) and not _exists(field, value):
                value = None  # e.g. the byline's editor profile was deleted since
            setattr(piece, name, value)
    piece.save()
    for relation, fields in piece.child_relations.items():
        if relation not in data:
            continue
        manager = getattr(piece, relation)
        manager.all().delete()
        child_model = manager.model
        for row in data[relation]:
            values = {name: row.get(name) for name in fields}
            for name, value in list(values.items()):
                field = child_model._meta.get_field(name.removesuffix("_id"))
                if isinstance(field, models.DateField) and isinstance(value, str):
                    values[name] = dt.date.fromisoformat(value)
                elif value is None and not field.null:
                    values[name] = field.get_default()
            if all(
                _exists(field, values[name])
                for name in fields
                if isinstance(
                    field := child_model._meta.get_field(name.removesuffix("_id")),
                    models.ForeignKey,
                )
            ):  # a film deleted since the revision simply drops out of the list
                manager.create(**values)


def _exists(field: models.ForeignKey, value: Any) -> bool:
    return (
        value is None or field.related_model._default_manager.filter(pk=value).exists()
    )


# -- readable diffs ---------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str

    @property
    def html(self) -> SafeString:
        """Word-level diff with <del>/<ins>; every word escaped."""
        before, after = self.before.split(" "), self.after.split(" ")
        parts: list[str] = []
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for op, a0, a1, b0, b1 in matcher.get_opcodes():
            if op == "equal":
                parts.append(escape(" ".join(before[a0:a1])))
                continue
            if op in {"delete", "replace"}:
                parts.append(f"<del>{escape(' '.join(before[a0:a1]))}</del>")
            if op in {"insert", "replace"}:
                parts.append(f"<ins>{escape(' '.join(after[b0:b1]))}</ins>")
        return mark_safe(" ".join(parts))


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(
            " · ".join(f"{key}: {_display(item)}" for key, item in row.items())
            for row in value
        )
    return str(value)


def _label(model: type[models.Model], name: str) -> str:
    try:
        field = model._meta.get_field(name.removesuffix("_id"))
    except FieldDoesNotExist:  # a child relation: no field of that name on the piece
        return name.replace("_", " ")
    return str(getattr(field, "verbose_name", name.replace("_", " ")))


def diff_snapshots(
    model: type[models.Model], before: dict[str, Any] | None, after: dict[str, Any]
) -> list[FieldChange]:
    """The fields that differ between two snapshots, in the model's field order."""
    before = before or {}
    changes = []
    for name in after.keys() | before.keys():
        old, new = _display(before.get(name)), _display(after.get(name))
        if old != new:
            changes.append(FieldChange(name, _label(model, name), old, new))
    order = {name: index for index, name in enumerate(after)}
    return sorted(changes, key=lambda change: order.get(change.field, 99))


# -- the rendered copy --------------------------------------------------------------


def _byline(data: dict[str, Any], profiles: dict[int, EditorProfile]) -> dict:
    profile_id = data.get("byline_id")
    profile = profiles.get(profile_id) if profile_id else None
    expertise = data.get("byline_expertise") or ""
    if profile is None:
        return {"name": TEAM_BYLINE, "expertise": expertise, "is_team": True}
    return {
        "name": profile.display_name,
        "expertise": expertise or profile.expertise,
        "is_team": False,
    }


def _profiles(data: dict[str, Any]) -> dict[int, EditorProfile]:
    profile_id = data.get("byline_id")
    if not profile_id:
        return {}
    return {p.pk: p for p in EditorProfile.objects.filter(pk=profile_id)}


def render_content(piece: DraftStateMixin) -> dict[str, Any]:
    """What a page shows for this piece's working copy: the snapshot plus rendered,
    sanitised HTML and display labels. Stored as `live_content` on publication."""
    data = snapshot(piece)
    rendered: dict[str, Any] = dict(data)
    rendered["is_demo"] = piece.is_demo
    for name in piece.markdown_fields:
        rendered[f"{name}_html"] = render_markdown(data.get(name) or "")
    if isinstance(piece, FilmText | Collection):
        rendered["byline"] = _byline(data, _profiles(data))
    if isinstance(piece, Complexity):
        rendered["label"] = str(Complexity.Level(piece.level).label)
    if isinstance(piece, Advisory):
        rendered["categories"] = [
            {
                "key": key,
                "label": str(label),
                "severity": data[f"{key}_severity"],
                "severity_label": str(Severity(data[f"{key}_severity"]).label),
                "note": data[f"{key}_note"],
            }
            for key, label in ADVISORY_CATEGORIES
            if data[f"{key}_severity"]
        ]
    if isinstance(piece, FaqEntry):
        rendered["answer_text"] = html_to_text(rendered["answer_html"])
    if isinstance(piece, Claim):
        has_sources = bool(data["citations"])
        verification = (
            data["verification"] if has_sources else Claim.Verification.UNVERIFIED
        )
        rendered["shown_verification"] = verification
        rendered["verification_label"] = str(Claim.Verification(verification).label)
        rendered["kind_label"] = str(Claim.Kind(data["kind"]).label)
    if isinstance(piece, Collection):
        films = Film.objects.in_bulk([item["film_id"] for item in data["items"]])
        rendered["items"] = [
            {
                **item,
                "title": films[item["film_id"]].title,
                "year": films[item["film_id"]].year,
                "slug": films[item["film_id"]].slug,
            }
            for item in sorted(data["items"], key=lambda item: item["order"])
            if item["film_id"] in films
        ]
    return rendered


def plain_text(piece: DraftStateMixin, rendered: dict[str, Any]) -> str:
    """All the readable text of a rendered piece, for search and feed summaries."""
    parts = [
        str(rendered.get(name) or "")
        for name in ("title", "tagline", "question", "text", "summary", "note")
    ]
    parts += [
        html_to_text(rendered.get(f"{name}_html", "")) for name in piece.markdown_fields
    ]
    return " ".join(part for part in parts if part)
