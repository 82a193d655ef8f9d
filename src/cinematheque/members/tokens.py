"""API tokens: a member (or an operator for them) creates one and sees it once;
only its SHA-256 is stored, with a short prefix to tell tokens apart."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from cinematheque.members.models import ApiToken, User

TOKEN_PREFIX = "cin_"  # noqa: S105  # a marker, not a secret
PREFIX_LENGTH = 8  # ApiToken.prefix: "cin_" and four characters of the secret
# last_used_at is written at most this often per token: a busy client costs no
# write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_NAME_LENGTH = 100


@dataclass(frozen=True)
class NewToken:
    """A token just created: `plain` is shown once and never stored."""

    token: ApiToken
    plain: str


def token_hash(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def token_create(user: User, *, name: str = "") -> NewToken:
    """Create an API token for `user`; the plain token is returned once, only its
    hash is kept."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:MAX_NAME_LENGTH],
        prefix=plain[:PREFIX_LENGTH],
        key_hash=token_hash(plain),
    )
    return NewToken(token=token, plain=plain)


def token_revoke(user: User, token_id: int) -> bool:
    """Delete one of `user`'s tokens; False when they have no token with that id
    (another member's token is never touched)."""
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return deleted > 0


def token_user(plain: str) -> User | None:
    """The active member a plain token belongs to, or None; marks the token used
    (at most once a minute)."""
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(plain), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    _mark_used(token)
    return token.user


def _mark_used(token: ApiToken) -> None:
    now = timezone.now()
    stale_before = now - LAST_USED_RESOLUTION
    if token.last_used_at is not None and token.last_used_at > stale_before:
        return
    # Conditional: of concurrent requests only one writes.
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale_before)
    ).update(last_used_at=now)
    token.last_used_at = now


def tokens_of(user: User) -> list[ApiToken]:
    """The member's tokens, newest first (hashes only; the plain tokens are gone)."""
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-id"))
