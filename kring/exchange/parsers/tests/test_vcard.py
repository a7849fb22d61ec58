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


NAME_UNREADABLE = "the name could not be read (broken characters in the file)"


def test_it_skips_a_broken_quoted_printable_name_instead_of_storing_it_garbled() -> None:
    # The reported file: no END:VCARD, and "=C3=" (soft line break) then "=ZZ".
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;=C3=\r\n=ZZ\r\n"
    )
    result = parse(data)
    assert labels(result) == []
    assert skipped(result) == [(3, NAME_UNREADABLE)]


def test_it_skips_a_name_whose_bytes_are_not_text_in_its_charset() -> None:
    data = (
        b"BEGIN:VCARD\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ren=E9e\nEND:VCARD\n"
        b"BEGIN:VCARD\nFN:Mo Jansen\nEND:VCARD\n"
    )
    result = parse(data)
    assert labels(result) == ["Mo J."]
    assert skipped(result) == [(2, NAME_UNREADABLE)]


def test_it_skips_a_card_whose_job_title_cannot_be_read() -> None:
    data = b"BEGIN:VCARD\nFN:Anna Bos\nTITLE;ENCODING=QUOTED-PRINTABLE:Kok=G1\nEND:VCARD\n"
    result = parse(data)
    assert labels(result) == []
    assert skipped(result) == [
        (3, "the job title or company could not be read (broken characters in the file)")
    ]


def test_it_never_lets_a_soft_line_break_swallow_the_end_of_a_card() -> None:
    data = (
        b"BEGIN:VCARD\r\nFN;ENCODING=QUOTED-PRINTABLE:Anna=20Bos=\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nFN:Mo Jansen\r\nEND:VCARD\r\n"
    )
    assert labels(parse(data)) == ["Anna B.", "Mo J."]


def test_it_closes_a_card_that_lost_its_end_when_the_next_card_begins() -> None:
    data = (
        b"BEGIN:VCARD\nFN:Anna Bos\n"
        b"BEGIN:VCARD\nFN:Mo Jansen\nEND:VCARD\n"
        b"BEGIN:VCARD\nFN:Ilse de Vries\nEND:VCARD\n"
    )
    result = parse(data)
    assert labels(result) == ["Anna B.", "Mo J.", "Ilse V."]
    assert [c.line for c in result.contacts] == [1, 3, 6]


def test_it_keeps_a_card_nested_in_agent_inside_its_card() -> None:
    data = (
        b"BEGIN:VCARD\nVERSION:2.1\nFN:Anna Bos\nAGENT:\n"
        b"BEGIN:VCARD\nFN:Secretaresse\nEND:VCARD\nEND:VCARD\n"
    )
    assert labels(parse(data)) == ["Anna B."]


def test_it_takes_the_name_as_the_phone_shows_it_when_n_is_lowercase() -> None:
    result = parse(b"BEGIN:VCARD\nN:bakker;sanne;;;\nFN:Sanne Bakker\nEND:VCARD\n")
    assert labels(result) == ["Sanne B."]


def test_it_falls_back_to_n_only_when_fn_is_missing() -> None:
    data = (
        b"BEGIN:VCARD\nN:bakker;sanne;;;\nEND:VCARD\n"
        b"BEGIN:VCARD\nN:Jansen;Mo;;;\nFN:\nEND:VCARD\n"
        b"BEGIN:VCARD\nN:Bakker;Johannes;;;\nFN:Hans\nEND:VCARD\n"
    )
    assert labels(parse(data)) == ["sanne B.", "Mo J.", "Hans B."]


def test_it_uses_n_to_tell_where_the_first_name_in_fn_ends() -> None:
    data = (
        b"BEGIN:VCARD\nN:Bos;Anna Maria;;Dr.;\nFN:Dr. Anna Maria Bos\nEND:VCARD\n"
        b"BEGIN:VCARD\nN:Bakker;Sanne;;;\nFN:Sanne\nEND:VCARD\n"
        b"BEGIN:VCARD\nFN:Bakker, Sanne\nEND:VCARD\n"
    )
    assert labels(parse(data)) == ["Anna Maria B.", "Sanne B.", "Sanne B."]
