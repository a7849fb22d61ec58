from django.contrib import admin
from django.urls import include, path

from kring import home
from kring.api.api import api
from kring.core import views as core_views
from kring.insights import views as insights_views

urlpatterns = [
    # Start pages say where a job seeker stands, read from the network's stored summary: the
    # job seeker's own (home) and a coach's overview of one job seeker. They are named here,
    # above the apps, so that accounts (which links to them) does not import insights
    # (ARCHITECTURE.md, layers). home (kring/home.py) adds the plan's first ideas to where the
    # job seeker stands, and hands coaches and admins to accounts' start page.
    path("", home.home, name="home"),
    path(
        "jobseekers/<int:jobseeker_id>/",
        insights_views.jobseeker_overview,
        name="jobseeker_detail",
    ),
    path("", include("kring.accounts.urls")),
    path("", include("kring.network.urls")),
    path("", include("kring.insights.urls")),
    path("", include("kring.offers.urls")),
    path("", include("kring.plan.urls")),
    path("", include("kring.meetings.urls")),
    path("", include("kring.coaching.urls")),
    path("", include("kring.coaching.results_urls")),
    path("", include("kring.exchange.urls")),
    path("health", core_views.health, name="health"),
    path("privacy/", core_views.privacy, name="privacy"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]

handler404 = "kring.core.errors.not_found"
handler500 = "kring.core.errors.server_error"
