"""What the network pages share: a contact of the job seeker, URL templates for the map."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from kring.accounts.models import User
from kring.network.models import Contact

ID_PLACEHOLDER = 999999999


def contact_of(jobseeker: User, contact_id: int) -> Contact:
    return get_object_or_404(Contact.objects.filter(owner=jobseeker), pk=contact_id)


def url_template(name: str, jobseeker: User) -> str:
    url = reverse(name, args=[jobseeker.pk, ID_PLACEHOLDER])
    return url.replace(str(ID_PLACEHOLDER), "{id}")


def is_self(request: HttpRequest, jobseeker: User) -> bool:
    return bool(request.user.pk == jobseeker.pk)
