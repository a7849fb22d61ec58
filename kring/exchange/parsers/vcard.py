"""vCard 2.1, 3.0 and 4.0, read line by line.

Handles what phones and address books really write: Android's 2.1 with
QUOTED-PRINTABLE values, soft line breaks and CHARSET parameters; Apple's 3.0 with
``item1.`` group prefixes and escapes like ``\\,``; 4.0 with quoted parameters; and broken
folding, where a long line was wrapped without the leading space the standard asks for.
Only the name, nickname, organisation and job title are read; the rest is noted as dropped.
The name is taken as the phone shows it (FN); N is used only when FN is missing or to split
FN into first name and surname. A value that cannot be decoded (broken quoted-printable or
bytes that are not text in their character set) skips its card with the line and a reason:
nothing is ever stored garbled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .common import (
    ADDRESSES,
    BIRTHDAYS,
    EMAILS,
    NOTES,
    PHONES,
    PHOTOS,
    SURNAMES,
    URLS,
    Collector,
    ImportFileError,
    ParseResult,
    clean_text,
    make_label,
    split_full_name,
)

_PROPERTY = re.compile(r"(?:[A-Za-z0-9_-]+\.)?[A-Za-z0-9_-]+(?:;[^:\n]*)?:")
_DROPPED = {
    "TEL": PHONES,
    "EMAIL": EMAILS,
    "ADR": ADDRESSES,
    "LABEL": ADDRESSES,
    "GEO": ADDRESSES,
    "PHOTO": PHOTOS,
    "LOGO": PHOTOS,
    "BDAY": BIRTHDAYS,
    "ANNIVERSARY": BIRTHDAYS,
    "X-ANNIVERSARY": BIRTHDAYS,
    "NOTE": NOTES,
    "URL": URLS,
    "IMPP": URLS,
    "X-SOCIALPROFILE": URLS,
}
_NOT_A_PERSON = {"org": "an organisation", "group": "a group", "location": "a place"}
_NAME_UNREADABLE = "the name could not be read (broken characters in the file)"
_WORK_UNREADABLE = "the job title or company could not be read (broken characters in the file)"
_BOUNDARY = re.compile(r"(?:BEGIN|END):VCARD\s*$", re.IGNORECASE)
_HEX = frozenset(b"0123456789ABCDEFabcdef")


class Unreadable(ValueError):
    """A value whose encoding is broken; its card is skipped, never stored garbled."""


@dataclass(frozen=True, slots=True)
class Property:
    name: str
    params: dict[str, str]
    flags: frozenset[str]
    value: str
    line: int = 0


def _physical_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _head_of(line: str) -> str:
    colon = line.find(":")
    return line[:colon] if colon >= 0 else line


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield (line number, unfolded line), joining standard, soft and broken folds."""
    parts: list[str] = []  # pieces of the logical line being built; [] when none
    start = 0
    quoted_printable = False
    boundary = False  # BEGIN/END lines never take a broken-folding continuation
    for number, line in enumerate(_physical_lines(text), 1):
        # A card boundary never continues a value, not even after a soft line break: a
        # broken last value must not swallow the END:VCARD or the next card's BEGIN.
        if parts and quoted_printable and parts[-1].endswith("=") and not _BOUNDARY.match(line):
            parts[-1] = parts[-1][:-1]  # a QUOTED-PRINTABLE soft line break
            parts.append(line)
        elif parts and line[:1] in (" ", "\t"):
            parts.append(line[1:])
        elif parts and not boundary and line.strip() and not _PROPERTY.match(line):
            parts.append(line)  # broken folding: a wrapped line without the leading space
        else:
            if parts:
                yield start, "".join(parts)
            parts, start = ([line], number) if line.strip() else ([], number)
            head = _head_of(line).upper()
            quoted_printable = "QUOTED-PRINTABLE" in head
            boundary = head.lstrip().startswith(("BEGIN", "END"))
    if parts:
        yield start, "".join(parts)


def _split_params(head: str) -> tuple[str, dict[str, str], frozenset[str]]:
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in head:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    name = parts[0].rsplit(".", 1)[-1].strip().upper()
    params: dict[str, str] = {}
    flags: set[str] = set()
    for part in parts[1:]:
        key, sep, value = part.partition("=")
        if sep:
            params[key.strip().upper()] = value.strip().strip('"')
        else:
            flags.add(key.strip().upper())
    return name, params, frozenset(flags)


def _parse_property(line: str, number: int = 0) -> Property | None:
    head, sep, value = line.partition(":")
    if not sep:
        return None
    name, params, flags = _split_params(head)
    return Property(name, params, flags, value, number)


def _split_unescaped(value: str, separator: str, limit: int) -> list[str]:
    """Return at most limit parts of value split on separators not escaped by a backslash."""
    if "\\" not in value:
        return value.split(separator, limit)[:limit]
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in value:
        if escaped:
            current.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == separator:
            parts.append("".join(current))
            if len(parts) == limit:
                return parts
            current = []
        else:
            current.append(ch)
    if escaped:
        current.append("\\")
    parts.append("".join(current))
    return parts


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value, flags=re.S)


def _quoted_printable(raw: str) -> bytes:
    """Return the bytes of a quoted-printable value; raise Unreadable on a broken escape.

    Strict on purpose: quopri keeps an invalid escape like "=ZZ" as text, which turned a
    broken name into "Ã=ZZ". A lone "=" at the very end is a soft line break with nothing
    after it (the last line of a card) and is dropped.
    """
    try:
        data = raw.encode("utf-8")
    except UnicodeEncodeError:
        raise Unreadable(raw) from None
    if b"=" not in data:
        return data
    out = bytearray()
    index = 0
    while (escape := data.find(b"=", index)) >= 0:
        out += data[index:escape]
        pair = data[escape + 1 : escape + 3]
        if len(pair) == 2 and pair[0] in _HEX and pair[1] in _HEX:
            out.append(int(pair, 16))
            index = escape + 3
        elif escape == len(data) - 1:
            index = escape + 1
        else:
            raise Unreadable(raw)
    out += data[index:]
    return bytes(out)


def _decode(raw: str, prop: Property) -> str:
    """Return a component's text: quoted-printable and charset decoded, escapes removed.

    Raises Unreadable when the quoted-printable is broken or its bytes are not text in the
    card's character set (UTF-8 when the card names none).
    """
    encoding = prop.params.get("ENCODING", "").upper()
    if encoding == "QUOTED-PRINTABLE" or "QUOTED-PRINTABLE" in prop.flags:
        data = _quoted_printable(raw)
        charset = prop.params.get("CHARSET", "utf-8") or "utf-8"
        try:
            raw = data.decode(charset)
        except LookupError:  # a charset Python does not know: UTF-8 or nothing
            try:
                raw = data.decode("utf-8")
            except UnicodeDecodeError:
                raise Unreadable(raw) from None
        except UnicodeDecodeError:
            raise Unreadable(raw) from None
    return _unescape(raw)


def _components(prop: Property, limit: int, separator: str = ";") -> list[str]:
    """Return the first limit components of a structured value, decoded."""
    parts = _split_unescaped(prop.value, separator, limit)
    return [_decode(part, prop).strip() for part in parts]


def _cards(text: str, collector: Collector) -> Iterator[tuple[int, list[Property]]]:
    depth = 0
    start = 0
    props: list[Property] = []
    found = False
    for number, line in _logical_lines(text):
        prop = _parse_property(line, number)
        if prop is None:
            continue
        marker = prop.value.strip().upper()
        if prop.name == "BEGIN" and marker == "VCARD":
            if depth == 1 and not (props and props[-1].name == "AGENT"):
                # Only vCard 2.1's AGENT nests a card; anything else means the open card
                # lost its END:VCARD. Close it, so it does not swallow the cards after it.
                yield start, props
                depth = 0
            if depth == 0:
                found = True
                collector.count_record(number)
                start, props = number, []
            depth += 1
        elif prop.name == "END" and marker == "VCARD" and depth > 0:
            depth -= 1
            if depth == 0:
                yield start, props
        elif depth == 1:
            props.append(prop)
    if depth > 0:
        yield start, props  # an unclosed last card is still read
    if not found:
        raise ImportFileError("no vCard found: the file has no BEGIN:VCARD line")


def _split_shown_name(shown: str, given: str, family: str, prefix: str) -> tuple[str, str]:
    """Return (first name, surname) of the name as the phone shows it (FN).

    N, when the card has it, only tells where FN's first name ends: "Anna Maria Bos" with
    N "Bos;Anna Maria" is Anna Maria B., and a lowercase N ("bakker;sanne", as some exports
    write it) still gives FN's spelling, "Sanne B.".
    """
    text = clean_text(shown, 200)
    prefix = clean_text(prefix, 200)
    if prefix and text.lower().startswith(prefix.lower() + " "):
        text = text[len(prefix) + 1 :].lstrip()  # "Dr. Sanne Bakker" with prefix "Dr."
    lowered = text.lower()
    if len(lowered) == len(text):  # slicing by the lowered text's positions is safe
        family_low = clean_text(family, 200).lower()
        given_low = clean_text(given, 200).lower()
        if family_low and lowered.endswith(" " + family_low):
            return text[: -len(family_low) - 1].rstrip(), text[-len(family_low) :]
        if (
            given_low
            and lowered.startswith(given_low)
            and text[len(given_low) : len(given_low) + 1] in ("", " ")
        ):
            return text[: len(given_low)], text[len(given_low) :].strip() or family
    surname, comma, first = text.partition(",")
    if comma and first.strip() and surname.strip():
        return first.strip(), surname.strip()  # "Bakker, Sanne", as Outlook files it
    first, rest = split_full_name(text)
    return first, rest or family


def _read_card(line: int, props: list[Property], collector: Collector) -> None:
    given = family = prefix = nickname = full_name = organisation = title = role = kind = ""
    company_card = False
    for prop in props:
        name = prop.name
        try:
            if name in _DROPPED:
                if prop.value.strip(" ;"):
                    collector.dropped.add(_DROPPED[name])
            elif name == "N":
                parts = [*_components(prop, 4), "", "", "", ""]
                family, given, prefix = parts[0], parts[1], parts[3]
            elif name == "FN":
                full_name = _decode(prop.value, prop).strip()
            elif name == "NICKNAME":
                nickname = _components(prop, 1, ",")[0]
            elif name == "ORG":
                organisation = _components(prop, 1)[0]
            elif name == "TITLE":
                title = _decode(prop.value, prop).strip()
            elif name == "ROLE":
                role = _decode(prop.value, prop).strip()
            elif name == "KIND":
                kind = prop.value.strip().lower()
            elif name == "X-ABSHOWAS":
                company_card = prop.value.strip().upper() == "COMPANY"
        except Unreadable:
            work = name in ("ORG", "TITLE", "ROLE")
            collector.skip(prop.line or line, _WORK_UNREADABLE if work else _NAME_UNREADABLE)
            return
    if kind in _NOT_A_PERSON:
        collector.skip(line, f"{_NOT_A_PERSON[kind]}, not a person")
        return
    if company_card or (organisation and not given and not family and full_name == organisation):
        collector.skip(line, "a company, not a person")
        return
    if clean_text(full_name, 200):
        first, surname = _split_shown_name(full_name, given, family, prefix)
    else:
        first, surname = given, family
    if surname:
        collector.dropped.add(SURNAMES)
    label = make_label(first, surname, nickname)
    if not label:
        collector.skip(line, "no first name or nickname, only a surname" if surname else "no name")
        return
    collector.add(line=line, label=label, occupation=title or role, organisation=organisation)


def parse_text(text: str) -> ParseResult:
    """Return the people in a vCard file (one or many cards)."""
    collector = Collector("vcard")
    for line, props in _cards(text, collector):
        _read_card(line, props, collector)
    return collector.result()
