"""The member's "For you" page (recommendations stands above members: it reads
their ratings, so the page lives here rather than in members/urls.py)."""

from __future__ import annotations

from django.urls import path

from cinematheque.recommendations import views

app_name = "recommendations"

urlpatterns = [
    path("me/for-you/", views.for_you_page, name="for_you"),
]
