"""The contact fields and their allowed values (DOMAIN.md §3), shared by both validators."""

from __future__ import annotations

from typing import Final

QUADRANTS: Final = ("family", "friends", "work_school_club", "professional")
ROLES: Final = (
    "partner",
    "parent",
    "child",
    "sibling",
    "relative",
    "friend",
    "neighbour",
    "colleague",
    "former_colleague",
    "classmate",
    "peer",
    "club_member",
    "coach_trainer",
    "acquaintance",
    "neighbourhood_contact",
    "buddy",
    "employer",
    "case_manager",
    "job_coach",
    "care_worker",
    "online",
    "other",
)
FORMAL_ROLES: Final = ("case_manager", "job_coach", "care_worker")
FUNCTIONS: Final = (
    "emotional",
    "practical",
    "company",
    "advice",
    "job_leads",
    "introduction",
    "reference",
    "application_help",
    "motivation",
)
# function_coverage counts the ecogram functions E, P, G, A plus three job functions.
COUNTED_FUNCTIONS: Final = FUNCTIONS[:7]
NORMALISES: Final = ("yes", "sometimes", "no", "unknown")
KNOWS_SEARCHING: Final = ("yes", "no", "unknown")
APPROACHABLE: Final = ("yes", "maybe", "no")
EMPLOYMENT: Final = (
    "employed",
    "self_employed",
    "job_seeking",
    "benefits",
    "student",
    "retired",
    "caring",
    "unknown",
)
SECTORS: Final = tuple("ABCDEFGHIJKLMNOPQRSTU")
CONTACT_FREQUENCIES: Final = (
    "daily",
    "weekly",
    "monthly",
    "few_per_year",
    "yearly_or_less",
    "dormant",
)

# Values that mean "not known"; they count as absent in every indicator.
UNKNOWN_VALUES: Final = ("unknown", "")

ENUM_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "quadrant": QUADRANTS,
    "role": ROLES,
    "normalises_unemployment": NORMALISES,
    "knows_searching": KNOWS_SEARCHING,
    "approachable": APPROACHABLE,
    "employment": EMPLOYMENT,
    "sector": (*SECTORS, ""),
    "contact_frequency": CONTACT_FREQUENCIES,
}
LIST_FIELDS: Final = ("functions", "potential_functions")
INT_FIELDS: Final[dict[str, tuple[int, int]]] = {"ring": (0, 4), "influence": (-2, 2)}
BOOL_FIELDS: Final = ("in_target_sector", "can_introduce", "can_hire", "is_new", "ally")
TEXT_FIELDS: Final = ("label", "occupation", "note")
DATE_FIELDS: Final = ("last_contact", "added_on")
REQUIRED_FIELDS: Final = ("id", "ring")

FIELDS: Final = (
    "id",
    "label",
    "quadrant",
    "ring",
    "role",
    "functions",
    "potential_functions",
    "influence",
    "normalises_unemployment",
    "knows_searching",
    "approachable",
    "employment",
    "sector",
    "occupation",
    "in_target_sector",
    "can_introduce",
    "can_hire",
    "contact_frequency",
    "last_contact",
    "is_new",
    "introduced_by",
    "note",
    "ally",
    "added_on",
)
ALLOWED_FIELDS: Final = frozenset(FIELDS)
TOP_LEVEL_FIELDS: Final = ("contacts", "ties")
TIE_STRENGTHS: Final = (1, 2)
