"""Contacts, ties, moments and the job seeker's profile: the minimal record of DOMAIN.md §3.

One module per job; this package is their public face, so `kring.network.models.Contact`
(the path Django and the migrations use) keeps working.
"""

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
    Function,
    Influence,
    KnowsSearching,
    Normalises,
    Quadrant,
    Ring,
    Sector,
    isco_validator,
    validate_functions,
)
from kring.network.models.contacts import (
    CONTACT_ROW,
    INDICATOR_COLUMNS,
    MAP_COLUMNS,
    Contact,
    ContactQuerySet,
    NetworkRows,
    Tie,
    TieQuerySet,
    TieStrength,
    initials_for,
)
from kring.network.models.moments import Snapshot
from kring.network.models.profile import NetworkProfile, NetworkProfileQuerySet
from kring.network.models.summary import IndicatorSummary, IndicatorSummaryQuerySet, Light

__all__ = [
    "CONTACT_ROW",
    "FORMAL_ROLES",
    "INDICATOR_COLUMNS",
    "LABEL_MAX",
    "MAP_COLUMNS",
    "NOTE_MAX",
    "OCCUPATION_MAX",
    "PRIVACY_HINT",
    "Approachable",
    "Contact",
    "ContactQuerySet",
    "ContactRole",
    "Employment",
    "Frequency",
    "Function",
    "IndicatorSummary",
    "IndicatorSummaryQuerySet",
    "Influence",
    "KnowsSearching",
    "Light",
    "NetworkProfile",
    "NetworkProfileQuerySet",
    "NetworkRows",
    "Normalises",
    "Quadrant",
    "Ring",
    "Sector",
    "Snapshot",
    "Tie",
    "TieQuerySet",
    "TieStrength",
    "initials_for",
    "isco_validator",
    "validate_functions",
]
