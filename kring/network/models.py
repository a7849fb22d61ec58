"""Contacts, ties, snapshots and the job seeker's profile: the minimal record of DOMAIN.md §3."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import NullIf, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LABEL_MAX = 40
NOTE_MAX = 500
OCCUPATION_MAX = 80
PRIVACY_HINT = _("Do not write about health, religion or origin.")


class Ring(models.IntegerChoices):
    POTENTIAL = 0, _("0 · could approach")
    INTIMATE = 1, _("1 · very close")
    CLOSE = 2, _("2 · close")
    ACQUAINTANCE = 3, _("3 · acquaintance")
    DISTANT = 4, _("4 · at a distance")


class Quadrant(models.TextChoices):
    FAMILY = "family", _("family")
    FRIENDS = "friends", _("friends & acquaintances")
    WORK_SCHOOL_CLUB = "work_school_club", _("work, school & club")
    PROFESSIONAL = "professional", _("professionals & agencies")


class ContactRole(models.TextChoices):
    PARTNER = "partner", _("partner")
    PARENT = "parent", _("parent")
    CHILD = "child", _("child")
    SIBLING = "sibling", _("brother or sister")
    RELATIVE = "relative", _("other relative")
    FRIEND = "friend", _("friend")
    NEIGHBOUR = "neighbour", _("neighbour")
    COLLEAGUE = "colleague", _("colleague")
    FORMER_COLLEAGUE = "former_colleague", _("former colleague")
    CLASSMATE = "classmate", _("classmate")
    PEER = "peer", _("fellow job seeker")
    CLUB_MEMBER = "club_member", _("club member")
    COACH_TRAINER = "coach_trainer", _("sports coach or trainer")
    ACQUAINTANCE = "acquaintance", _("acquaintance")
    NEIGHBOURHOOD_CONTACT = "neighbourhood_contact", _("neighbourhood contact")
    BUDDY = "buddy", _("buddy")
    EMPLOYER = "employer", _("employer")
    CASE_MANAGER = "case_manager", _("case manager")
    JOB_COACH = "job_coach", _("job coach")
    CARE_WORKER = "care_worker", _("care worker")
    ONLINE = "online", _("online contact")
    OTHER = "other", _("other")


FORMAL_ROLES = frozenset({ContactRole.CASE_MANAGER, ContactRole.JOB_COACH, ContactRole.CARE_WORKER})


class Function(models.TextChoices):
    EMOTIONAL = "emotional", _("emotional support (E)")
    PRACTICAL = "practical", _("practical help (P)")
    COMPANY = "company", _("company (G)")
    ADVICE = "advice", _("advice (A)")
    JOB_LEADS = "job_leads", _("tips about jobs")
    INTRODUCTION = "introduction", _("introduction to an employer")
    REFERENCE = "reference", _("reference")
    APPLICATION_HELP = "application_help", _("help with applying")
    MOTIVATION = "motivation", _("motivation")


class Influence(models.IntegerChoices):
    VERY_DISCOURAGING = -2, _("−2 · very discouraging")
    DISCOURAGING = -1, _("−1 · discouraging")
    NEUTRAL = 0, _("0 · neutral")
    SUPPORTIVE = 1, _("+1 · supportive")
    VERY_SUPPORTIVE = 2, _("+2 · very supportive")


class Normalises(models.TextChoices):
    YES = "yes", _("yes")
    SOMETIMES = "sometimes", _("sometimes")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("I don't know")


class KnowsSearching(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("I don't know")


class Approachable(models.TextChoices):
    YES = "yes", _("yes")
    MAYBE = "maybe", _("maybe")
    NO = "no", _("no")


class Employment(models.TextChoices):
    EMPLOYED = "employed", _("employed")
    SELF_EMPLOYED = "self_employed", _("self-employed")
    JOB_SEEKING = "job_seeking", _("looking for work")
    BENEFITS = "benefits", _("on benefits")
    STUDENT = "student", _("student")
    RETIRED = "retired", _("retired")
    CARING = "caring", _("caring for others")
    UNKNOWN = "unknown", _("I don't know")


class Sector(models.TextChoices):
    A = "A", _("A · agriculture, forestry and fishing")
    B = "B", _("B · mining and quarrying")
    C = "C", _("C · manufacturing")
    D = "D", _("D · energy supply")
    E = "E", _("E · water supply and waste")
    F = "F", _("F · construction")
    G = "G", _("G · wholesale and retail trade")
    H = "H", _("H · transport and storage")
    I = "I", _("I · hospitality")  # noqa: E741 - SBI section letters
    J = "J", _("J · information and communication")
    K = "K", _("K · finance and insurance")
    L = "L", _("L · real estate")
    M = "M", _("M · professional and scientific services")
    N = "N", _("N · rental and other business services")
    O = "O", _("O · public administration")  # noqa: E741
    P = "P", _("P · education")
    Q = "Q", _("Q · health and social care")
    R = "R", _("R · culture, sports and recreation")
    S = "S", _("S · other services")
    T = "T", _("T · households as employers")
    U = "U", _("U · extraterritorial organisations")


class Frequency(models.TextChoices):
    DAILY = "daily", _("daily")
    WEEKLY = "weekly", _("weekly")
    MONTHLY = "monthly", _("monthly")
    FEW_PER_YEAR = "few_per_year", _("a few times a year")
    YEARLY_OR_LESS = "yearly_or_less", _("once a year or less")
    DORMANT = "dormant", _("no contact any more")


def validate_functions(value: Any) -> None:
    """Raise ValidationError unless `value` is a list of distinct known functions."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Choose functions from the list."))
    unknown = [item for item in value if item not in Function.values]
    if unknown:
        raise ValidationError(_("Unknown function: %(value)s") % {"value": ", ".join(unknown)[:80]})
    if len(set(value)) != len(value):
        raise ValidationError(_("Each function may appear only once."))


isco_validator = RegexValidator(r"^\d{1,4}$", _("An ISCO-08 code has at most four digits."))


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
)


# What the map draws of each contact.
MAP_COLUMNS = ("id", "label", "ring", "quadrant", "influence", "knows_searching", "version")
# Text columns where blank means unknown, just as null does: the reads below make them null.
_BLANK_IS_UNKNOWN = frozenset(
    {"role", "normalises_unemployment", "knows_searching", "approachable", "employment", "sector"}
)
# A contact's row in the network's one read (ContactQuerySet.network_rows): the owner, then
# the fields the indicators read, in the analysis engine's stored-row format
# (kring.analysis.analyse_stored: unknowns are None, added_on is the local day the contact
# was added), then what only the map draws.
CONTACT_ROW = ("owner", *INDICATOR_COLUMNS, "introduced_by", "added_on", "label", "version")
# Where the map's columns sit in such a row.
_MAP_PICK = itemgetter(*map(CONTACT_ROW.index, MAP_COLUMNS))


def _contact_row_select() -> tuple[str | Func, ...]:
    """Return the select list of CONTACT_ROW."""
    return (
        "owner_id",
        *(
            NullIf(name, Value("")) if name in _BLANK_IS_UNKNOWN else name
            for name in INDICATOR_COLUMNS
        ),
        "introduced_by_id",
        # The day in the current time zone (settings.TIME_ZONE), as the job seeker saw it.
        TruncDate("created_at"),
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

        The indicator part goes into the analysis engine as it is (kring.network.summary);
        a blank knows_searching is None here too, and the map only asks whether it is "yes".
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


class Snapshot(models.Model):
    """A moment: a frozen copy of the network (contacts and ties) to compare later."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="snapshots"
    )
    name = models.CharField(_("name of this moment"), max_length=80)
    taken_at = models.DateTimeField(_("saved on"))
    data = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-taken_at", "-id"]
        verbose_name = _("moment")
        verbose_name_plural = _("moments")

    def __str__(self) -> str:
        return self.name

    @property
    def contact_count(self) -> int:
        # Moments stored before their data was checked may hold anything (kring.network.moments).
        contacts = self.data.get("contacts") if isinstance(self.data, dict) else None
        return len(contacts) if isinstance(contacts, list) else 0


class NetworkProfileQuerySet(models.QuerySet["NetworkProfile"]):
    def bump(self, jobseeker: Any) -> bool:
        """Add one to `jobseeker`'s network version; return False if there is no profile yet."""
        # update() skips save(), so updated_at (auto_now) is stamped here.
        bumped = self.filter(jobseeker=jobseeker).update(
            network_version=F("network_version") + 1, updated_at=timezone.now()
        )
        return bool(bumped)


class NetworkProfile(models.Model):
    """What the job seeker is aiming for; also the one row that records network changes."""

    jobseeker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_profile"
    )
    target_occupation = models.CharField(
        _("work I am looking for"), max_length=OCCUPATION_MAX, blank=True
    )
    target_sector = models.CharField(
        _("sector I want to work in"), max_length=1, choices=Sector.choices, blank=True
    )
    region = models.CharField(_("region"), max_length=80, blank=True)
    languages = models.CharField(
        _("languages I speak"),
        max_length=120,
        blank=True,
        help_text=_("For example: Dutch, Arabic"),
    )
    network_version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NetworkProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profile")

    def __str__(self) -> str:
        return f"profile of {self.jobseeker_id}"


class Light(models.TextChoices):
    RED = "red", _("red")
    ORANGE = "orange", _("orange")
    GREEN = "green", _("green")


class IndicatorSummaryQuerySet(models.QuerySet["IndicatorSummary"]):
    def store_current(self, jobseeker: Any, fields: Mapping[str, Any]) -> bool:
        """Write `fields` into `jobseeker`'s current summary; return False if there is none yet."""
        return bool(self.filter(jobseeker=jobseeker, snapshot=None).update(**fields))


class IndicatorSummary(models.Model):
    """The indicators of one network: the current one (snapshot empty) or a saved moment's.

    Stored by kring.network.summary when the network changes, so pages and dashboards read
    numbers and never recompute. It began in the insights app; its table kept that name.
    """

    jobseeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="indicator_summaries"
    )
    snapshot = models.OneToOneField(
        Snapshot,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicator_summary",
    )
    computed_at = models.DateTimeField(default=timezone.now)
    values = models.JSONField(default=dict)
    light = models.CharField(max_length=8, choices=Light.choices)
    reasons = models.JSONField(default=list)
    # Headline numbers as columns, so organisation statistics aggregate them in SQL.
    size = models.PositiveIntegerField(default=0)
    supportive = models.PositiveIntegerField(default=0)
    aware_share = models.FloatField(null=True)

    objects = IndicatorSummaryQuerySet.as_manager()

    class Meta:
        db_table = "insights_indicatorsummary"
        constraints = [
            models.UniqueConstraint(
                fields=["jobseeker"],
                condition=Q(snapshot__isnull=True),
                name="one_current_summary_per_jobseeker",
            )
        ]
        indexes = [models.Index(fields=["light"], name="insights_in_light_19ce33_idx")]

    def __str__(self) -> str:
        return f"summary {self.jobseeker_id} ({self.light})"
