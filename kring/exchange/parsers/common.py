"""The shared model of the contact parsers: results, errors, limits and small helpers.

Nothing here imports Django: the parsers work on bytes in memory and hand back plain data
that the import service turns into contacts after the job seeker has seen a preview.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kring.analysis import schema

MAX_BYTES = 5 * 1024 * 1024
MAX_CONTACTS = 30_000
MAX_LABEL = 40
MAX_OCCUPATION = 100
MAX_ORGANISATION = 100

FORMATS = ("vcard", "linkedin", "google", "outlook", "kring")

# The closed answers of DOMAIN.md §3 are kept once, in the Django-free analysis schema.
QUADRANTS = schema.QUADRANTS
ROLES = schema.ROLES
SECTORS = schema.SECTORS

DEFAULT_RING = 3
DEFAULT_ROLE = "other"

# The kinds of data an import can meet and throws away; shown in the preview.
PHONES = "phone numbers"
EMAILS = "e-mail addresses"
ADDRESSES = "addresses"
PHOTOS = "photos"
BIRTHDAYS = "birthdays"
NOTES = "notes"
URLS = "URLs"
SURNAMES = "surnames"
DROPPABLE = (PHONES, EMAILS, ADDRESSES, PHOTOS, BIRTHDAYS, NOTES, URLS, SURNAMES)


class ImportFileError(ValueError):
    """A file Kring refuses to import, with a message a user can act on."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)


@dataclass(frozen=True, slots=True)
class ParsedContact:
    """One contact as the preview shows it: only the minimal fields of DOMAIN.md §3."""

    label: str
    occupation: str
    organisation_hint: str
    quadrant: str
    ring: int
    role: str
    line: int
    key: str
    sector: str = ""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record that was left out, with the reason in plain English."""

    line: int
    reason: str


@dataclass(slots=True)
class ParseResult:
    """Everything the import preview needs; nothing has been stored yet."""

    format: str
    contacts: list[ParsedContact] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    dropped_fields: list[str] = field(default_factory=list)
    encoding: str = ""


_SPACES = re.compile(r"\s+")
# Control and format characters never belong in a label; they also hide text in a preview.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_SURNAME_PARTICLES = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "het",
        "'t",
        "ter",
        "ten",
        "te",
        "in",
        "op",
        "aan",
        "bij",
        "uit",
        "vd",
        "v.d.",
        "v/d",
        "van't",
        "vander",
        "la",
        "le",
        "les",
        "du",
        "da",
        "das",
        "di",
        "del",
        "della",
        "do",
        "dos",
        "von",
        "zu",
        "vom",
        "zum",
        "am",
        "y",
        "e",
    ]
)


def clean_text(value: str, limit: int) -> str:
    """Return value on one line without control characters, cut to at most limit chars."""
    if not value:
        return ""
    if not value.isprintable():
        value = "".join(
            " " if ch.isspace() else ch
            for ch in value
            if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE
        )
    value = _SPACES.sub(" ", value).strip()
    if len(value) > limit:
        value = value[:limit].rstrip()
    return value


def surname_initial(surname: str) -> str:
    """Return the capital initial of a surname, skipping particles: 'van der Berg' → 'B'."""
    words = [w for w in clean_text(surname, 200).replace(",", " ").split(" ") if w]
    chosen = ""
    for word in words:
        if word.casefold() not in _SURNAME_PARTICLES:
            chosen = word
            break
    if not chosen and words:
        chosen = words[-1]
    for ch in chosen:
        if ch.isalnum():
            return ch.upper()
    return ""


def make_label(first_name: str, surname: str = "", nickname: str = "") -> str:
    """Return 'First L.' (or the nickname when there is no first name), at most 40 chars."""
    first = clean_text(first_name, 200) or clean_text(nickname, 200)
    if not first:
        return ""
    initial = surname_initial(surname)
    suffix = f" {initial}." if initial else ""
    room = MAX_LABEL - len(suffix)
    return first[:room].rstrip() + suffix


def split_full_name(name: str) -> tuple[str, str]:
    """Split 'Sanne de Boer' into ('Sanne', 'de Boer'): first word, then the rest."""
    words = clean_text(name, 200).split(" ")
    if not words or not words[0]:
        return "", ""
    return words[0], " ".join(words[1:])


def contact_key(label: str, occupation: str) -> str:
    """Return the identity used to recognise a contact that was imported before."""
    norm_label = _SPACES.sub(" ", unicodedata.normalize("NFKC", label)).strip().casefold()
    norm_job = _SPACES.sub(" ", unicodedata.normalize("NFKC", occupation)).strip().casefold()
    return f"{norm_label}|{norm_job}"


def quadrant_guess(organisation: str) -> str:
    """Phone-book contacts are friends unless a company says they come from work."""
    return "work_school_club" if organisation else "friends"


class Collector:
    """Collects contacts, skipped records and dropped kinds while a parser streams a file.

    It enforces MAX_CONTACTS as records arrive, so a huge file stops early, and it gives a
    repeated label + occupation a '#n' suffix in its key: both people are kept, and
    importing the same file again still matches each of them.
    """

    def __init__(self, format_name: str) -> None:
        self.format = format_name
        self.contacts: list[ParsedContact] = []
        self.skipped: list[Skipped] = []
        self.dropped: set[str] = set()
        self._records = 0
        self._seen_keys: dict[str, int] = {}

    def count_record(self, line: int) -> None:
        """Count one record (contact or skipped) and refuse the file past the limit."""
        self._records += 1
        if self._records > MAX_CONTACTS:
            raise ImportFileError(
                f"the file has more than {MAX_CONTACTS:,} contacts; the limit is {MAX_CONTACTS:,}",
                line,
            )

    def skip(self, line: int, reason: str) -> None:
        self.skipped.append(Skipped(line, reason))

    def add(
        self,
        *,
        line: int,
        label: str,
        occupation: str = "",
        organisation: str = "",
        quadrant: str | None = None,
        ring: int = DEFAULT_RING,
        role: str = DEFAULT_ROLE,
        sector: str = "",
    ) -> None:
        occupation = clean_text(occupation, MAX_OCCUPATION)
        organisation = clean_text(organisation, MAX_ORGANISATION)
        base = contact_key(label, occupation)
        seen = self._seen_keys.get(base, 0) + 1
        self._seen_keys[base] = seen
        self.contacts.append(
            ParsedContact(
                label=label,
                occupation=occupation,
                organisation_hint=organisation,
                quadrant=quadrant if quadrant is not None else quadrant_guess(organisation),
                ring=ring,
                role=role,
                line=line,
                key=base if seen == 1 else f"{base}#{seen}",
                sector=sector,
            )
        )

    def result(self, encoding: str = "") -> ParseResult:
        return ParseResult(
            format=self.format,
            contacts=self.contacts,
            skipped=self.skipped,
            dropped_fields=sorted(self.dropped),
            encoding=encoding,
        )
