from __future__ import annotations

import pytest

from kring.exchange.parsers import ImportFileError, parse

from .helpers import labels, parse_sample, skipped


def test_it_reads_android_21_quoted_printable_with_soft_line_breaks() -> None:
    result = parse_sample("android_21.vcf")
    assert result.format == "vcard"
    assert labels(result) == ["José B.", "Renée V."]
    jose = result.contacts[0]
    assert jose.occupation == "Uitvoerder utiliteitsbouw en onderhoud van scholen"
    assert jose.organisation_hint == "Bouwbedrijf De Rödel"
    assert jose.quadrant == "work_school_club"
    assert result.contacts[1].quadrant == "friends"
    assert [c.line for c in result.contacts] == [1, 13]
    assert skipped(result) == [(22, "no name")]
    assert result.dropped_fields == [
        "birthdays",
        "e-mail addresses",
        "notes",
        "phone numbers",
        "photos",
        "surnames",
    ]


def test_it_reads_iphone_30_with_item_groups_and_apple_escapes() -> None:
    result = parse_sample("iphone_30.vcf")
    assert labels(result) == ["Sanne B.", "Mo"]
    sanne = result.contacts[0]
    assert sanne.occupation == "Wijkverpleegkundige, team 3"
    assert sanne.organisation_hint == "Zorggroep Noord, locatie Oost"
    assert result.contacts[1].occupation == "Buurman"
    assert skipped(result) == [(24, "a company, not a person")]
    assert result.dropped_fields == [
        "URLs",
        "addresses",
        "birthdays",
        "e-mail addresses",
        "phone numbers",
        "surnames",
    ]


def test_it_reads_vcard_40_and_skips_organisations() -> None:
    result = parse_sample("contacts_40.vcf")
    assert labels(result) == ["Fatima E."]
    assert result.contacts[0].occupation == "Teamleider logistiek"
    assert skipped(result) == [(12, "an organisation, not a person")]
    assert {"photos", "phone numbers", "birthdays"} <= set(result.dropped_fields)


def test_it_joins_broken_folding_without_leading_space() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Bakker;Anouk;;;\r\n"
        b"TITLE:Medewerker klantenservice bij een grote \r\nenergieleverancier\r\n"
        b"NOTE:Ontmoet op de\r\nbeurs in Utrecht\r\nEND:VCARD\r\n"
    )
    result = parse(data)
    assert labels(result) == ["Anouk B."]
    assert result.contacts[0].occupation == (
        "Medewerker klantenservice bij een grote energieleverancier"
    )


def test_it_reads_standard_folding_and_an_unclosed_last_card() -> None:
    data = b"BEGIN:VCARD\nN:Jansen;Mei\n lin;;;\nTITLE:Kok\n"
    result = parse(data)
    assert labels(result) == ["Meilin J."]


def test_it_uses_fn_when_n_is_missing_and_keeps_only_the_initial() -> None:
    result = parse(b"BEGIN:VCARD\nFN:Sanne van den Heuvel\nEND:VCARD\n")
    assert labels(result) == ["Sanne H."]
    assert result.dropped_fields == ["surnames"]


def test_it_uses_the_nickname_when_there_is_no_first_name() -> None:
    result = parse(b"BEGIN:VCARD\nN:Bakker;;;;\nNICKNAME:Bakkie,B\nEND:VCARD\n")
    assert labels(result) == ["Bakkie B."]


def test_it_skips_a_card_with_only_a_surname() -> None:
    result = parse(b"BEGIN:VCARD\nN:Bakker;;;;\nEND:VCARD\n")
    assert skipped(result) == [(1, "no first name or nickname, only a surname")]


def test_it_decodes_a_latin1_charset_parameter() -> None:
    data = b"BEGIN:VCARD\nN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:;Ren=E9e\nEND:VCARD\n"
    assert labels(parse(data)) == ["Renée"]


def test_it_refuses_a_vcard_file_without_cards() -> None:
    with pytest.raises(ImportFileError) as info:
        parse(b"VERSION:3.0\nN:Bakker;Jan\n", format="vcard")
    assert "BEGIN:VCARD" in info.value.message


def test_it_cuts_long_labels_and_occupations() -> None:
    name = "A" * 60
    data = f"BEGIN:VCARD\nN:Zwart;{name}\nTITLE:{'x' * 150}\nEND:VCARD\n".encode()
    contact = parse(data).contacts[0]
    assert contact.label == "A" * 37 + " Z."
    assert len(contact.label) == 40
    assert len(contact.occupation) == 100
