"""URLs of the organisation's results and the audit export (organisation admins only)."""

from django.urls import path

from kring.coaching import results_views

app_name = "results"

urlpatterns = [
    path("organisation/results/", results_views.results, name="results"),
    path("organisation/results.csv", results_views.results_csv, name="results_csv"),
    path("organisation/audit/", results_views.audit, name="audit"),
    path("organisation/audit.csv", results_views.audit_csv, name="audit_csv"),
]
