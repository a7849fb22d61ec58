from django.urls import path

from kring.plan import views

app_name = "plan"

urlpatterns = [
    path("jobseekers/<int:jobseeker_id>/plan/", views.plan, name="plan"),
    path("jobseekers/<int:jobseeker_id>/plan/panel/", views.panel, name="panel"),
    path(
        "jobseekers/<int:jobseeker_id>/plan/suggestions/",
        views.suggestion_action,
        name="suggestion",
    ),
    path("jobseekers/<int:jobseeker_id>/plan/asks/", views.ask_new, name="ask_new"),
    path(
        "jobseekers/<int:jobseeker_id>/plan/asks/<int:ask_id>/outcome/",
        views.ask_outcome,
        name="outcome",
    ),
]
