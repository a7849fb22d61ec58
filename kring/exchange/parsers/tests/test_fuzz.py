"""Arbitrary input gives a ParseResult or an ImportFileError, never another exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kring.exchange.parsers import FORMATS, ImportFileError, ParseResult, parse

from .helpers import sample

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SAMPLE_FILES = (
    "android_21.vcf",
    "iphone_30.vcf",
    "contacts_40.vcf",
    "Connections.csv",
    "google.csv",
    "outlook_nl.csv",
    "kring_template.csv",
)
FRAGMENTS = (
    "BEGIN:VCARD",
    "END:VCARD",
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:",
    "=C3=A9=",
    "item1.",
    "FN:",
    "\\,",
    "\\",
    ";",
    ",",
    '"',
    "\r\n",
    "\n",
    " ",
    "\t",
    "First Name,Last Name,Company,Position,Connected On",
    "Voornaam;Achternaam;Bedrijf;Functie",
    "label,quadrant,ring,role,occupation,sector",
    "Notes:",
    "\ufeff",
    "é",
    "KIND:org",
)


def assert_parses_or_refuses(data: bytes, format: str = "auto") -> None:
    try:
        result = parse(data, format=format)
    except ImportFileError as error:
        assert error.message
        assert error.line is None or error.line >= 1
        return
    assert isinstance(result, ParseResult)
    for contact in result.contacts:
        assert 0 < len(contact.label) <= 40
        assert len(contact.occupation) <= 100
        assert contact.line >= 1


structured = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=12), max_size=40).map(
    lambda parts: "".join(parts).encode("utf-8", errors="surrogatepass")
)


def mutated(name: str) -> st.SearchStrategy[bytes]:
    original = sample(name)

    def mutate(edits: list[tuple[int, int]]) -> bytes:
        data = bytearray(original)
        for position, byte in edits:
            data[position % len(data)] = byte
        return bytes(data)

    return st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=8).map(mutate)


any_bytes = (
    st.binary(max_size=2000)
    | structured
    | st.text(max_size=300).map(lambda text: text.encode("utf-8", errors="surrogatepass"))
)


@FUZZ
@given(data=any_bytes)
def test_it_never_crashes_on_auto_detection(data: bytes) -> None:
    assert_parses_or_refuses(data)


@FUZZ
@given(data=any_bytes, format=st.sampled_from(FORMATS))
def test_it_never_crashes_with_a_chosen_format(data: bytes, format: str) -> None:
    assert_parses_or_refuses(data, format)


@FUZZ
@given(
    data=st.sampled_from(SAMPLE_FILES).flatmap(mutated),
    format=st.sampled_from(("auto", *FORMATS)),
)
def test_it_never_crashes_on_damaged_real_files(data: bytes, format: str) -> None:
    assert_parses_or_refuses(data, format)


@FUZZ
@given(text=st.text(max_size=400) | structured.map(lambda b: b.decode("utf-8", "replace")))
def test_it_never_crashes_inside_each_parser_on_any_text(text: str) -> None:
    from kring.exchange.parsers import google, kring, linkedin, outlook, vcard

    for module in (vcard, linkedin, google, outlook, kring):
        try:
            result = module.parse_text(text)
        except ImportFileError:
            continue
        assert isinstance(result, ParseResult)


letters = st.characters(categories=["Lu", "Ll"], exclude_characters="ǅǈǋǲ")


@FUZZ
@given(name=st.text(alphabet=letters, min_size=1, max_size=30), soft_break=st.integers(0, 200))
def test_it_reads_every_quoted_printable_name_back_exactly(name: str, soft_break: int) -> None:
    encoded = "".join(f"={byte:02X}" for byte in name.encode("utf-8"))
    at = soft_break % (len(encoded) + 1)
    at -= at % 3  # a soft line break falls between two escapes
    encoded = encoded[:at] + "=\r\n" + encoded[at:]
    card = f"BEGIN:VCARD\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{encoded}\r\nEND:VCARD\r\n"
    result = parse(card.encode("ascii"), format="vcard")
    assert [c.label for c in result.contacts] == [name[:40].rstrip()]


QP_TOKENS = ("=C3", "=A9", "=ZZ", "=", "=4", "=20", "=3D", "=\r\n", "a", "é", "Z", " ")


@FUZZ
@given(
    tokens=st.lists(st.sampled_from(QP_TOKENS), min_size=1, max_size=12),
    closed=st.booleans(),
)
def test_it_never_stores_a_broken_quoted_printable_name_garbled(
    tokens: list[str], closed: bool
) -> None:
    value = "".join(tokens)
    card = f"BEGIN:VCARD\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{value}\r\n"
    result = parse((card + ("END:VCARD\r\n" if closed else "")).encode("utf-8"), format="vcard")
    assert len(result.contacts) + len(result.skipped) == 1  # read or reported, never lost
    for contact in result.contacts:
        assert "\ufffd" not in contact.label
        assert "=" not in contact.label or "=3D" in value
