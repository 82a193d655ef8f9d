"""Verifying a member's e-mail address: after signing up and after changing the
address, a link is sent to it; following it marks the address verified.

The link carries a signed token (`django.core.signing`, salted for this purpose,
valid VALID_FOR) naming the account and the address it was sent to, so a link
sent to a previous address verifies nothing once the address changed. Nothing is
locked while an address is unverified: the member uses the whole site; only
password-reset links wait for a verified address (account_forms.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string

from cinematheque.catalogue.context_processors import SITE_NAME
from cinematheque.members.models import User

SALT = "cinematheque.members.email-verification"
VALID_FOR = datetime.timedelta(days=3)


def email_verification_token(user: User) -> str:
    """A token for the account's current address."""
    return signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=SALT)


def email_verification_send(*, user: User, link_for: Callable[[str], str]) -> bool:
    """E-mail the account's address a verification link (`link_for(token)` makes
    its absolute URL); False when there is no address or it is verified already."""
    if not user.email or user.email_verified:
        return False
    context = {
        "user": user,
        "link": link_for(email_verification_token(user)),
        "days": VALID_FOR.days,
        "site_name": SITE_NAME,
    }
    send_mail(
        subject=render_to_string(
            "members/accounts/email_verify_subject.txt", context
        ).strip(),
        message=render_to_string("members/accounts/email_verify.txt", context),
        from_email=None,
        recipient_list=[user.email],
        fail_silently=True,
    )
    return True


def email_verify(*, token: str) -> User | None:
    """Mark the address the token was sent to verified; None when the token is
    forged or expired, the account is gone or inactive, or its address changed
    since."""
    try:
        data = signing.loads(token, salt=SALT, max_age=VALID_FOR)
        pk, email = int(data["u"]), str(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not user.email or user.email.lower() != email:
        return None
    if not user.email_verified:
        user.email_verified = True
        user.save(update_fields=["email_verified"])
    return user
