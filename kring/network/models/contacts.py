"""Contacts and ties, and the one read of a whole network that the summary and the map share."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Func, Q, When
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from kring.network.models.choices import (
    FORMAL_ROLES,
    LABEL_MAX,
    NOTE_MAX,
    OCCUPATION_MAX,
    PRIVACY_HINT,
    Approachable,
    ContactRole,
    Employment,
    Frequency,
    Influence,
    KnowsSearching,
    Normalises,
    Quadrant,
    Ring,
    Sector,
    isco_validator,
    validate_functions,
)

# Contact columns the indicators read (DOMAIN.md §4), besides introduced_by and created_at.
INDICATOR_COLUMNS = (
    "id",
    "ring",
    "quadrant",
    "role",
    "functions",
    "influence",
    "normalises_unemployment",
    "knows_searching",
    "approachable",
    "employment",
    "sector",
    "in_target_sector",
    "is_new",
    "ally",
)


# What the map draws of each contact.
MAP_COLUMNS = (
    "id",
    "label",
    "ring",
    "quadrant",
    "influence",
    "knows_searching",
    "ally",
    "version",
)
# A contact's row in the network's one read (ContactQuerySet.network_rows): the owner, then
# the fields the indicators read, in the analysis engine's stored-row format
# (kring.analysis.analyse_stored: unknowns are None or blank text, as stored; added_on is the
# local day a new contact was added, None for the others), then what only the map draws.
CONTACT_ROW = ("owner", *INDICATOR_COLUMNS, "introduced_by", "added_on", "label", "version")
# Where the map's columns sit in such a row.
_MAP_PICK = itemgetter(*map(CONTACT_ROW.index, MAP_COLUMNS))


def _contact_row_select() -> tuple[str | Func | Case, ...]:
    """Return the select list of CONTACT_ROW."""
    return (
        "owner_id",
        *INDICATOR_COLUMNS,
        "introduced_by_id",
        # The day in the current time zone (settings.TIME_ZONE), as the job seeker saw it. The
        # indicators only count it for new contacts, so only those pay for it (on SQLite a
        # Python function per row).
        Case(When(is_new=True, then=TruncDate("created_at"))),
        "label",
        "version",
    )


class ContactQuerySet(models.QuerySet["Contact"]):
    def of(self, jobseeker: Any) -> ContactQuerySet:
        return self.filter(owner=jobseeker)

    def map_rows(self, jobseeker: Any) -> list[dict[str, Any]]:
        """Return what the map draws for each of `jobseeker`'s contacts, as plain dicts."""
        rows = self.filter(owner=jobseeker).order_by("id").values_list(*MAP_COLUMNS)
        return [dict(zip(MAP_COLUMNS, row, strict=True)) for row in rows]

    def network_rows(self) -> list[tuple[Any, ...]]:
        """Return the CONTACT_ROW of every contact in this query, as plain tuples.

        The indicator part goes into the analysis engine as it is (kring.network.summary),
        which reads blank text as unknown; the map only asks whether knows_searching is "yes".
        """
        return list(self.values_list(*_contact_row_select()))

    def map_and_network_rows(
        self, jobseeker: Any
    ) -> tuple[list[dict[str, Any]], list[tuple[Any, ...]]]:
        """Return what the map draws of `jobseeker`'s contacts and their CONTACT_ROWs, by id.

        One read gives both.
        """
        rows = self.filter(owner=jobseeker).order_by("id").network_rows()
        drawn = list(map(dict, map(zip, repeat(MAP_COLUMNS), map(_MAP_PICK, rows))))
        return drawn, rows

    def locked(self, jobseeker: Any, contact_id: int) -> Contact | None:
        """Return `jobseeker`'s contact `contact_id` with its row locked for this transaction."""
        try:
            return self.select_for_update().get(owner=jobseeker, pk=contact_id)
        except self.model.DoesNotExist:
            return None

    def in_circle(self) -> ContactQuerySet:
        """Contacts in rings 1–4 (ring 0 is a person one could approach, not yet a contact)."""
        return self.filter(ring__gte=1)


class Contact(models.Model):
    """One person in a job seeker's network, stored minimally (DOMAIN.md §3)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("job seeker"),
    )
    label = models.CharField(
        _("name"),
        max_length=LABEL_MAX,
        help_text=_("A first name or nickname, no surname."),
    )
    quadrant = models.CharField(_("quadrant"), max_length=20, choices=Quadrant.choices)
    ring = models.PositiveSmallIntegerField(
        _("ring"), choices=Ring.choices, validators=[MaxValueValidator(4)]
    )
    role = models.CharField(
        _("who is this to you"), max_length=24, choices=ContactRole.choices, blank=True
    )
    functions = models.JSONField(
        _("what they give now"), default=list, blank=True, validators=[validate_functions]
    )
    potential_functions = models.JSONField(
        _("what they could give"), default=list, blank=True, validators=[validate_functions]
    )
    influence = models.SmallIntegerField(
        _("effect on your search"),
        choices=Influence.choices,
        default=Influence.NEUTRAL,
        validators=[MinValueValidator(-2), MaxValueValidator(2)],
    )
    normalises_unemployment = models.CharField(
        _("finds it normal that I have no work"),
        max_length=10,
        choices=Normalises.choices,
        default=Normalises.UNKNOWN,
    )
    knows_searching = models.CharField(
        _("knows I am looking for work"),
        max_length=8,
        choices=KnowsSearching.choices,
        default=KnowsSearching.UNKNOWN,
    )
    approachable = models.CharField(
        _("I could approach this person"),
        max_length=8,
        choices=Approachable.choices,
        default=Approachable.MAYBE,
    )
    employment = models.CharField(
        _("work situation"), max_length=16, choices=Employment.choices, default=Employment.UNKNOWN
    )
    sector = models.CharField(_("sector"), max_length=1, choices=Sector.choices, blank=True)
    occupation = models.CharField(_("occupation"), max_length=OCCUPATION_MAX, blank=True)
    isco_code = models.CharField(
        _("ISCO-08 code"), max_length=4, blank=True, validators=[isco_validator]
    )
    in_target_sector = models.BooleanField(_("works in the sector I want"), null=True, blank=True)
    can_introduce = models.BooleanField(_("can introduce me to an employer"), null=True, blank=True)
    can_hire = models.BooleanField(_("can hire me"), null=True, blank=True)
    contact_frequency = models.CharField(
        _("how often we have contact"), max_length=16, choices=Frequency.choices, blank=True
    )
    last_contact = models.DateField(_("last contact"), null=True, blank=True)
    is_new = models.BooleanField(_("new contact"), default=False)
    # Set by the plan (kring.plan.services) when an ask ends in help or agreement, not typed
    # in: DOMAIN.md §2 defines an ally by what the person did, so the count stays honest.
    ally = models.BooleanField(
        _("ally"),
        default=False,
        help_text=_("Agreed to at least one concrete action for your search."),
    )
    introduced_by = models.ForeignKey(
        "self",
        verbose_name=_("introduced by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="introduced",
    )
    note = models.CharField(_("note"), max_length=NOTE_MAX, blank=True, help_text=PRIVACY_HINT)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["label", "id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(condition=Q(ring__lte=4), name="contact_ring_0_to_4"),
            models.CheckConstraint(
                condition=Q(influence__gte=-2, influence__lte=2), name="contact_influence_range"
            ),
            models.CheckConstraint(
                condition=Q(quadrant__in=Quadrant.values), name="contact_known_quadrant"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        self.label = (self.label or "").strip()
        if not self.label:
            raise ValidationError({"label": _("Fill in a name.")})
        if self.introduced_by_id is not None:
            if self.pk is not None and self.introduced_by_id == self.pk:
                raise ValidationError({"introduced_by": _("A contact cannot introduce itself.")})
            introducer = Contact.objects.filter(pk=self.introduced_by_id).values("owner_id").first()
            if introducer is None or introducer["owner_id"] != self.owner_id:
                raise ValidationError({"introduced_by": _("Choose someone from this network.")})

    @property
    def is_formal(self) -> bool:
        return self.role in FORMAL_ROLES

    @property
    def is_supportive(self) -> bool:
        return self.influence >= 1

    @property
    def is_discouraging(self) -> bool:
        return self.influence <= -1

    @property
    def initials(self) -> str:
        return initials_for(self.label)

    def place_text(self) -> str:
        """Return 'ring · quadrant' in words, for messages and labels."""
        return f"{self.get_ring_display()} · {self.get_quadrant_display()}"


def initials_for(label: str) -> str:
    """Return one or two capital letters that stand for `label` on the map."""
    words = [word for word in label.replace("-", " ").split() if word[:1].isalnum()]
    if not words:
        return (label.strip()[:1] or "?").upper()
    if len(words) == 1:
        return words[0][:2].capitalize()
    return (words[0][:1] + words[1][:1]).upper()


class TieStrength(models.IntegerChoices):
    KNOW = 1, _("know each other")
    CLOSE = 2, _("close")


class TieQuerySet(models.QuerySet["Tie"]):
    def of(self, jobseeker: Any) -> TieQuerySet:
        return self.filter(owner=jobseeker)

    def map_rows(self, jobseeker: Any) -> list[tuple[int, int, int]]:
        """Return (a_id, b_id, strength) for every tie of `jobseeker`."""
        # The map and the summary do not depend on the order of the ties: no sort needed.
        return self.filter(owner=jobseeker).order_by().network_rows()

    def network_rows(self) -> list[tuple[int, int, int]]:
        """Return (a_id, b_id, strength) for every tie in this query, as the engine reads ties."""
        return list(self.values_list("a_id", "b_id", "strength"))

    def touching(self, contact: Contact) -> TieQuerySet:
        return self.filter(Q(a=contact) | Q(b=contact))


class Tie(models.Model):
    """Two contacts of the same job seeker know each other; stored once with a < b."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ties"
    )
    a = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    strength = models.PositiveSmallIntegerField(
        _("strength"), choices=TieStrength.choices, default=TieStrength.KNOW
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TieQuerySet.as_manager()

    class Meta:
        ordering = ["a_id", "b_id"]
        constraints = [
            models.UniqueConstraint(fields=["a", "b"], name="one_tie_per_pair"),
            models.CheckConstraint(condition=Q(a__lt=F("b")), name="tie_ordered_pair"),
            models.CheckConstraint(condition=Q(strength__in=[1, 2]), name="tie_strength_1_or_2"),
        ]

    def __str__(self) -> str:
        return f"{self.a_id}–{self.b_id} ({self.strength})"

    def other(self, contact_id: int) -> int:
        return self.b_id if self.a_id == contact_id else self.a_id


@dataclass(frozen=True)
class NetworkRows:
    """One read of a job seeker's whole network, for the summary and the map alike.

    A change reads it once, inside its transaction and after its writes: the summary is
    computed from it, and the view that answers the change draws the map from the same rows
    instead of reading the network again.
    """

    contacts: list[dict[str, Any]]  # MAP_COLUMNS of each contact, by id
    rows: list[tuple[Any, ...]]  # the CONTACT_ROW of each contact, by id: what the summary reads
    # [a_id, b_id, strength]: lists, as the analysis engine takes them, so the summary and
    # the map share one list per tie.
    ties: list[list[int]]

    @classmethod
    def read(cls, jobseeker: Any) -> NetworkRows:
        contacts, rows = Contact.objects.map_and_network_rows(jobseeker)
        ties = list(map(list, Tie.objects.map_rows(jobseeker)))
        return cls(contacts, rows, ties)
