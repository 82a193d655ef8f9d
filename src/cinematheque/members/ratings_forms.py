"""The form a member logs a viewing with: on its own page and in the film page's
"Log a viewing" dialog."""

from __future__ import annotations

from typing import Any

from django import forms

from cinematheque.catalogue.models import Film
from cinematheque.members import ratings
from cinematheque.templating import public_form_renderer

STAR_CHOICES = [("", "No rating")] + [
    (str(n), "★" * (n // 2) + ("½" if n % 2 else "")) for n in range(1, 11)
]


class ViewingForm(forms.Form):
    default_renderer = public_form_renderer()  # its pages are Jinja2 templates

    film = forms.SlugField(widget=forms.HiddenInput, max_length=255)
    watched_on = forms.DateField(
        label="Watched on", widget=forms.DateInput(attrs={"type": "date"})
    )
    rating = forms.TypedChoiceField(
        choices=STAR_CHOICES, coerce=int, empty_value=None, required=False
    )
    rewatch = forms.BooleanField(label="I had seen it before", required=False)
    tags = forms.CharField(
        required=False,
        max_length=1000,
        help_text="Separated by commas, e.g. cinema, with family.",
    )
    review = forms.CharField(
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional; Markdown.",
    )
    contains_spoilers = forms.BooleanField(
        label="The review gives away the plot", required=False
    )

    def clean_film(self) -> Film:
        film = Film.objects.filter(slug=self.cleaned_data["film"]).first()
        if film is None:
            raise forms.ValidationError("No film has this address.")
        return film

    def clean_tags(self) -> list[str]:
        try:
            return ratings.cleaned_tags(self.cleaned_data["tags"].split(","))
        except ratings.MemberDataError as error:
            raise forms.ValidationError(str(error)) from None

    def viewing(self) -> ratings.Viewing:
        """The cleaned form as what the diary service takes."""
        data: dict[str, Any] = self.cleaned_data
        return ratings.Viewing(
            watched_on=data["watched_on"],
            rating=data["rating"],
            rewatch=data["rewatch"],
            tags=tuple(data["tags"]),
            review=data["review"],
            contains_spoilers=data["contains_spoilers"],
        )
