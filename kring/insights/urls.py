from django.urls import path

from kring.insights import views

urlpatterns = [
    path("jobseekers/<int:jobseeker_id>/insight/", views.insight, name="insight"),
    path(
        "jobseekers/<int:jobseeker_id>/insight/compare/",
        views.insight_compare,
        name="insight_compare",
    ),
    path("jobseekers/<int:jobseeker_id>/instruments/", views.instruments, name="instruments"),
    path(
        "jobseekers/<int:jobseeker_id>/instruments/<str:instrument>/new/",
        views.instrument_new,
        name="instrument_new",
    ),
    path(
        "organisation/traffic-light/", views.organisation_thresholds, name="organisation_thresholds"
    ),
]
