from django.urls import path

from kring.coaching import views

app_name = "coaching"

urlpatterns = [
    path("jobseekers/<int:jobseeker_id>/notes/", views.notes, name="notes"),
]
