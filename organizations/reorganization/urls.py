"""The administrator's reorganization pages, mounted at /reorganizations/ by config/urls.py."""

from django.urls import path

from organizations.reorganization import views

urlpatterns = [
    path("", views.reorganization_upload, name="reorganization_upload"),
    path("<int:pk>/people/", views.reorganization_people, name="reorganization_people"),
    path(
        "<int:pk>/people/<int:membership_pk>/move/",
        views.reorganization_move_person,
        name="reorganization_move_person",
    ),
]
