from django.urls import path

from cinematheque.people import views

app_name = "people"

urlpatterns = [
    path("<slug:slug>/", views.person_detail, name="person"),
    path("<slug:slug>/photo.svg", views.placeholder_photo, name="photo"),
]
