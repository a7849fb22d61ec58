from django.urls import path

from kring.network import views

app_name = "network"

urlpatterns = [
    path("jobseekers/<int:jobseeker_id>/network/", views.network_map, name="map"),
    path("jobseekers/<int:jobseeker_id>/network/table/", views.network_table, name="table"),
    path("jobseekers/<int:jobseeker_id>/network/build/", views.build_start, name="build"),
    path(
        "jobseekers/<int:jobseeker_id>/network/build/<slug:key>/",
        views.build_prompt,
        name="prompt",
    ),
    path("jobseekers/<int:jobseeker_id>/network/ties/", views.ties_edit, name="ties"),
    # The network conversation and the conversation on paper (views/conversation.py).
    path(
        "jobseekers/<int:jobseeker_id>/network/conversation/",
        views.conversation_start,
        name="conversation",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/network/conversation/summary/",
        views.conversation_summary,
        name="conversation_summary",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/network/conversation/<slug:key>/",
        views.conversation_step,
        name="conversation_step",
    ),
    path("jobseekers/<int:jobseeker_id>/network/paper/", views.paper_circle, name="paper_circle"),
    path(
        "jobseekers/<int:jobseeker_id>/network/paper/questions/",
        views.paper_card,
        name="paper_card",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/network/paper/enter/",
        views.paper_entry,
        name="paper_entry",
    ),
    path("jobseekers/<int:jobseeker_id>/profile/", views.profile, name="profile"),
    path("jobseekers/<int:jobseeker_id>/contacts/new/", views.contact_new, name="contact_new"),
    path(
        "jobseekers/<int:jobseeker_id>/contacts/<int:contact_id>/",
        views.contact_detail,
        name="contact",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/contacts/<int:contact_id>/move/",
        views.contact_move,
        name="contact_move",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/contacts/<int:contact_id>/table-move/",
        views.table_move,
        name="table_move",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/contacts/<int:contact_id>/delete/",
        views.contact_delete,
        name="contact_delete",
    ),
    path("jobseekers/<int:jobseeker_id>/moments/", views.snapshots, name="snapshots"),
    path(
        "jobseekers/<int:jobseeker_id>/moments/compare/",
        views.snapshot_compare,
        name="compare",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/moments/<int:snapshot_id>/",
        views.snapshot_detail,
        name="snapshot",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/moments/<int:snapshot_id>/delete/",
        views.snapshot_delete,
        name="snapshot_delete",
    ),
]
