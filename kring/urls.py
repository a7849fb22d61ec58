from django.contrib import admin
from django.urls import include, path

from kring.api.api import api
from kring.core import views as core_views
from kring.network import views as network_views

urlpatterns = [
    path("", include("kring.accounts.urls")),
    # A job seeker's start page is their network map. It is named here, above the apps, so that
    # accounts (which links to it) does not import network (ARCHITECTURE.md, layers).
    path(
        "jobseekers/<int:jobseeker_id>/",
        network_views.network_map,
        name="jobseeker_detail",
    ),
    path("", include("kring.network.urls")),
    path("", include("kring.insights.urls")),
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
