"""Forms of the account pages: Django's auth forms for the member model, and the
small forms of the settings page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.urls import NoReverseMatch, reverse

from cinematheque.members.accounts import email_in_use
from cinematheque.members.models import User

EMAIL_TAKEN = "Another account uses this e-mail address."


class SignUpForm(UserCreationForm):
    """Username, e-mail (for password resets) and the password twice, checked by
    the site's password validators."""

    email = forms.EmailField(
        help_text="Only for password-reset links, never shown to anyone: we send "
        "it a link to confirm it."
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email_in_use(email):
            raise forms.ValidationError(EMAIL_TAKEN)
        return email


class VerifiedPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending links to verified addresses only: an address
    nobody confirmed may be a typo or someone else's, and a reset link there would
    hand them the account."""

    def get_users(self, email: str) -> Any:
        return (
            user
            for user in super().get_users(email)
            if getattr(user, "email_verified", False)
        )


class PasswordCheckedForm(forms.Form):
    """A form that asks for the member's current password before it acts."""

    current_password = forms.CharField(
        label="Current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_current_password(self) -> str:
        password = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("This is not your current password.")
        return password


class EmailChangeForm(PasswordCheckedForm):
    email = forms.EmailField(label="New e-mail address")

    field_order = ["email", "current_password"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email_in_use(email, except_user=self.user):
            raise forms.ValidationError(EMAIL_TAKEN)
        return email


class AccountDeleteForm(PasswordCheckedForm):
    confirm = forms.BooleanField(
        label="I understand that my ratings, diary, reviews, lists and tokens "
        "are deleted for good.",
    )


def content_limit_page() -> str | None:
    """The address of the content-limit page (its own form, with the ceilings of
    each country), when that feature is installed."""
    try:
        return reverse("members:content_limit")
    except NoReverseMatch:
        return None


class ProfileForm(forms.ModelForm):
    """Public or private, the bio, and the content limit unless it has a page of
    its own (then the settings page links there)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if content_limit_page():
            del self.fields["content_limit"]

    class Meta:
        model = User
        fields = ("profile_public", "bio", "content_limit")
        labels = {
            "profile_public": "Public profile",
            "content_limit": "Content limit",
        }
        help_texts = {
            "profile_public": "Anyone may see your profile, diary, ratings and "
            "public lists. Off: only you.",
            "content_limit": "Hide films certified above this (e.g. PG-13) "
            "everywhere on the site for this account; empty for no limit.",
        }
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        required=False,
        help_text="To tell your tokens apart, e.g. the script or device using it.",
    )
