from django.contrib.auth import views as auth_views
from django.urls import path

from kring.accounts import intake_views, views

urlpatterns = [
    # "" (home) is routed in kring/urls.py: a job seeker's start page lives in insights.
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("activate/<str:token>/", views.activate, name="activate"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/setup/<uidb64>/<token>/", views.AccountSetupView.as_view(), name="account_setup"),
    path("account/api-keys/", views.api_tokens, name="api_tokens"),
    path(
        "account/api-keys/<int:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"
    ),
    path("access/", views.access, name="access"),
    path("access/confirm/", views.access_confirm, name="access_confirm"),
    path("access/<int:grant_id>/revoke/", views.access_revoke, name="access_revoke"),
    path("access/code/new/", views.grant_code_rotate, name="grant_code_rotate"),
    path("access/log/", views.access_log, name="access_log"),
    path("invite/", views.invite_jobseeker, name="invite_jobseeker"),
    path("organisation/coaches/", views.organisation_coaches, name="organisation_coaches"),
    path(
        "organisation/coaches/<int:coach_id>/deactivate/",
        views.coach_deactivate,
        name="coach_deactivate",
    ),
    path("intake/", intake_views.intake_new, name="intake"),
    path("handover/", intake_views.handover, name="handover"),
    path("handover/password/", intake_views.handover_password, name="handover_password"),
    path("access/withdraw/", intake_views.withdraw_all, name="access_withdraw"),
    path(
        "organisation/intake-text/",
        intake_views.organisation_intake_text,
        name="organisation_intake_text",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/access/",
        intake_views.jobseeker_access,
        name="jobseeker_access",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/access/code/",
        intake_views.handover_code,
        name="jobseeker_access_code",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/access/password-code/",
        intake_views.password_code,
        name="jobseeker_password_code",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/access/standin/",
        intake_views.standin_new,
        name="jobseeker_standin",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/access/move/",
        intake_views.transfer,
        name="jobseeker_transfer",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/access/end/",
        intake_views.grant_end,
        name="jobseeker_grant_end",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/access/consent/",
        intake_views.consent_new,
        name="jobseeker_consent",
    ),
    path(
        "jobseekers/<int:jobseeker_id>/access/withdraw/",
        intake_views.consent_withdraw,
        name="jobseeker_withdraw",
    ),
    path("account/two-step/", views.mfa_setup, name="mfa_setup"),
    path("account/two-step/verify/", views.mfa_verify, name="mfa_verify"),
    path("account/two-step/off/", views.mfa_disable, name="mfa_disable"),
    path("organisation/coaches/<int:coach_id>/two-step-reset/", views.mfa_reset, name="mfa_reset"),
]
