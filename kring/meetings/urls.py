from django.urls import path

from kring.meetings import views

app_name = "meetings"

_MEETING = "jobseekers/<int:jobseeker_id>/meetings/<int:meeting_id>/"

urlpatterns = [
    path("jobseekers/<int:jobseeker_id>/meetings/", views.meeting_list, name="list"),
    path(_MEETING, views.meeting_detail, name="detail"),
    path(_MEETING + "delete/", views.meeting_delete, name="delete"),
    path(_MEETING + "invitees/", views.invitee_add, name="invitee_add"),
    path(_MEETING + "invitees/<int:invitee_id>/", views.invitee_action, name="invitee"),
    path(_MEETING + "items/", views.item_add, name="item_add"),
    path(_MEETING + "items/<int:item_id>/", views.item_action, name="item"),
    path(_MEETING + "evaluation/", views.evaluate, name="evaluate"),
    path(_MEETING + "invitation/", views.invitation, name="invitation"),
    path(_MEETING + "print/", views.plan_print, name="print"),
]
