"""Authentication of the members' API (`/api/v1/me/…`): an API token sent as
`Authorization: Bearer <token>`, or the browser's session (with its CSRF token for
writes). Either way the operation gets the member as `request.auth` (and
`request.user`); without either it answers 401.

Use it on an operation or a router: `Router(auth=member_auth)`, then
`member = member_of(request)`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from cinematheque.members.models import User
from cinematheque.members.tokens import token_user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` with a token from `members.tokens`."""

    openapi_description = (
        "An API token from the account settings page or "
        "`cinematheque members token --user NAME`."
    )

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = token_user(token.strip())
        if user is not None:
            # Rate limits and services see the member as on a page.
            request.user = user
        return user


class MemberSessionAuth(SessionAuth):
    """The signed-in browser (CSRF checked on writes, as on the site's forms)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.headers.get("Authorization"):
            return None  # a (bad) token was sent: it decides, not a cookie
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


member_auth = [TokenAuth(), MemberSessionAuth()]


def member_of(request: HttpRequest) -> User:
    """The member an authenticated operation runs for."""
    user = request.auth  # type: ignore[attr-defined]  # set by django-ninja
    assert isinstance(user, User)  # noqa: S101  # member_auth returns only members
    return user
