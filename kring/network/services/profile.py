"""The job seeker's profile: what they aim for."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kring.accounts.models import User
from kring.network.models import (
    NetworkProfile,
)
from kring.network.services.rules import (
    PROFILE_FIELDS,
    network_changed,
    refuse_unknown,
)


@transaction.atomic
def profile_update(*, jobseeker: User, **fields: Any) -> NetworkProfile:
    """Return the job seeker's profile after saving the whitelisted `fields`."""
    refuse_unknown(fields, PROFILE_FIELDS)
    profile, _created = NetworkProfile.objects.select_for_update().get_or_create(
        jobseeker=jobseeker
    )
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["jobseeker"])
    profile.save()
    network_changed(jobseeker)
    return profile
