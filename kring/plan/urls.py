from django.urls import path

from kring.plan import progress_views, reminder_views, views

app_name = "plan"

urlpatterns = [
    path("jobseekers/<int:jobseeker_id>/plan/", views.plan, name="plan"),
    path("jobseekers/<int:jobseeker_id>/plan/panel/", views.panel, name="panel"),
    path("jobseekers/<int:jobseeker_id>/plan/progress/", progress_views.progress, name="progress"),
    path(
        "jobseekers/<int:jobseeker_id>/plan/suggestions/",
        views.suggestion_action,
        name="suggestion",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/plan/coach-ideas/",
        views.coach_suggestion_new,
        name="coach_suggestion_new",
    ),
    path("jobseekers/<int:jobseeker_id>/plan/asks/", views.ask_new, name="ask_new"),
    path(
        "jobseekers/<int:jobseeker_id>/plan/asks/<int:ask_id>/outcome/",
        views.ask_outcome,
        name="outcome",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/plan/asks/<int:ask_id>/calendar.ics",
        reminder_views.ask_calendar,
        name="ask_calendar",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/plan/reminders/",
        reminder_views.reminder_settings,
        name="reminders",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/plan/calendar/new/",
        reminder_views.calendar_new,
        name="calendar_new",
    ),
    # Public: the secret in the URL is the credential (SECURITY.md allow-list).
    path("calendar/<str:secret>.ics", reminder_views.calendar_feed, name="calendar_feed"),
]
