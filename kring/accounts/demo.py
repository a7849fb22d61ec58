"""The demo organisation's people and access grants (seed_demo); safe to run again."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from kring.accounts.models import AccessGrant, Organisation, Role, Scope, User

DEMO_PASSWORD = "kring-demo-2026"  # noqa: S105 - printed on purpose; refused in production
DEMO_ORGANISATION = "Gemeente Demostad"
DEMO_PEOPLE = [
    ("admin@demo.kring.test", "Anouk", Role.ADMIN),
    ("coach1@demo.kring.test", "Mehmet", Role.COACH),
    ("coach2@demo.kring.test", "Ingrid", Role.COACH),
    ("sanne@demo.kring.test", "Sanne", Role.JOBSEEKER),
    ("karim@demo.kring.test", "Karim", Role.JOBSEEKER),
    ("joke@demo.kring.test", "Joke", Role.JOBSEEKER),
]
# (job seeker, coach, scope)
DEMO_GRANTS = [
    ("sanne@demo.kring.test", "coach1@demo.kring.test", Scope.EDIT),
    ("karim@demo.kring.test", "coach1@demo.kring.test", Scope.VIEW),
    ("joke@demo.kring.test", "coach2@demo.kring.test", Scope.EDIT),
]


def seed_people() -> dict[str, User]:
    """Return the demo users by e-mail, creating the organisation, people and grants missing."""
    organisation, _created = Organisation.objects.get_or_create(name=DEMO_ORGANISATION)
    users = {}
    for email, name, role in DEMO_PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, name=name, role=role, organisation=organisation
            )
        users[email] = user
    for jobseeker, coach, scope in DEMO_GRANTS:
        if not AccessGrant.objects.filter(
            jobseeker=users[jobseeker], coach=users[coach], revoked_at__isnull=True
        ).exists():
            AccessGrant.objects.create(
                jobseeker=users[jobseeker],
                coach=users[coach],
                organisation=organisation,
                scope=scope,
            )
    for user in users.values():
        if user.is_professional and not TOTPDevice.objects.filter(user=user).exists():
            # Staff sign in with two steps; `demo_code EMAIL` shows their current code.
            TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
    return users
