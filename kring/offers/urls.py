from django.urls import path

from kring.offers import views

app_name = "offers"

urlpatterns = [
    path("offers/", views.offer_list, name="list"),
    path("offers/new/", views.offer_new, name="new"),
    path("offers/<int:offer_id>/", views.offer_detail, name="detail"),
    path("offers/<int:offer_id>/edit/", views.offer_edit, name="edit"),
    path("jobseekers/<int:jobseeker_id>/offers/", views.referrals, name="referrals"),
    path(
        "jobseekers/<int:jobseeker_id>/offers/referrals/",
        views.referral_new,
        name="referral_new",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/offers/referrals/<int:referral_id>/",
        views.referral_outcome,
        name="referral",
    ),
]
