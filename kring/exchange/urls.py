from django.urls import path

from kring.exchange import views

app_name = "exchange"

urlpatterns = [
    path("jobseekers/<int:jobseeker_id>/import/", views.import_start, name="import"),
    path(
        "jobseekers/<int:jobseeker_id>/import/restore/",
        views.import_restore,
        name="restore",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/import/<str:preview_id>/",
        views.import_preview,
        name="preview",
    ),
    path("jobseekers/<int:jobseeker_id>/export/", views.export_index, name="export"),
    path(
        "jobseekers/<int:jobseeker_id>/export/<slug:kind>/",
        views.export_network,
        name="export_network",
    ),
    path("jobseekers/<int:jobseeker_id>/report/", views.report, name="report"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/kring-export.zip", views.my_data_download, name="my_data_download"),
]
