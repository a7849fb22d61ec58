from __future__ import annotations

from kring.exchange.parsers import contact_key, parse

from .helpers import labels, parse_sample, sample, skipped


def test_it_reads_a_linkedin_export_with_preamble_bom_and_quoted_commas() -> None:
    result = parse_sample("Connections.csv")
    assert result.format == "linkedin"
    assert labels(result) == ["Sanne B.", "Ahmed Y.", "Joost"]
    sanne, ahmed, _joost = result.contacts
    assert sanne.occupation == "Beleidsmedewerker Werk, Inkomen en Participatie"
    assert ahmed.organisation_hint == "Bakker & Zonen, B.V."
    assert {c.quadrant for c in result.contacts} == {"work_school_club"}
    assert [c.line for c in result.contacts] == [5, 6, 9]
    assert skipped(result) == [(7, "no name"), (8, "no name")]
    assert result.dropped_fields == ["URLs", "e-mail addresses", "surnames"]


def test_it_reads_google_contacts_csv() -> None:
    result = parse_sample("google.csv")
    assert result.format == "google"
    assert labels(result) == ["Lotte J.", "Opa Kees", "Pieter S."]
    assert result.contacts[0].quadrant == "friends"
    assert result.contacts[2].occupation == "Eigenaar"
    assert result.contacts[2].quadrant == "work_school_club"
    assert result.dropped_fields == [
        "URLs",
        "birthdays",
        "e-mail addresses",
        "notes",
        "phone numbers",
        "surnames",
    ]


def test_it_reads_the_older_google_columns_and_splits_a_full_name() -> None:
    result = parse_sample("google_old.csv")
    assert labels(result) == ["Karin M.", "Henk W."]
    assert result.contacts[0].occupation == "Vakkenvuller"
    assert result.contacts[0].organisation_hint == "Albert Heijn"


def test_it_reads_a_dutch_outlook_csv_with_semicolons_in_windows_1252() -> None:
    result = parse_sample("outlook_nl.csv")
    assert result.format == "outlook"
    assert result.encoding == "windows-1252"
    assert labels(result) == ["José B.", "Renée D."]
    assert result.contacts[0].occupation == "Monteur"
    assert result.dropped_fields == [
        "addresses",
        "birthdays",
        "e-mail addresses",
        "phone numbers",
        "surnames",
    ]


def test_it_reads_an_english_outlook_csv() -> None:
    result = parse_sample("outlook_en.csv")
    assert labels(result) == ["Mark V."]
    assert result.contacts[0].organisation_hint == "Visser Transport, B.V."


def test_it_reads_outlook_in_utf16_as_dutch_installs_write_it() -> None:
    text = sample("outlook_nl.csv").decode("cp1252")
    for encoding in ("utf-16", "utf-16-le"):
        result = parse(text.encode(encoding))
        assert labels(result) == ["José B.", "Renée D."]


def test_it_reads_the_kring_template_and_skips_invalid_rows() -> None:
    result = parse_sample("kring_template.csv")
    assert result.format == "kring"
    assert labels(result) == ["Mama", "Jeroen", "Ilse", "=Evil"]
    mama, jeroen, ilse, evil = result.contacts
    assert (mama.quadrant, mama.ring, mama.role) == ("family", 1, "parent")
    assert (jeroen.occupation, jeroen.sector) == ("Magazijnmedewerker", "H")
    assert (ilse.quadrant, ilse.ring, ilse.role) == ("friends", 3, "other")
    assert evil.occupation == "+Kok"
    assert skipped(result) == [
        (4, "quadrant 'familie' is not one of family, friends, work_school_club, professional"),
        (5, "ring '7' is not a number from 0 to 4"),
    ]


def test_it_lets_a_chosen_format_override_detection() -> None:
    data = b"First Name,Last Name,Company,Job Title\nEva,Kok,Bakkerij,Verkoper\n"
    assert parse(data).format == "outlook"
    result = parse(data, format="linkedin")
    assert result.format == "linkedin"
    assert result.contacts[0].quadrant == "work_school_club"


def test_it_gives_keys_that_find_the_same_people_again() -> None:
    data = b"First Name,Last Name,Job Title\nJan,Bos,Kok\nJan,Berg,kok\nJan,Bos,Kok\n"
    first = parse(data)
    assert [c.key for c in first.contacts] == ["jan b.|kok", "jan b.|kok#2", "jan b.|kok#3"]
    assert [c.key for c in parse(data).contacts] == [c.key for c in first.contacts]
    assert contact_key(" Jan  B. ", "KOK") == "jan b.|kok"


def test_it_reads_mixed_utf8_and_windows_1252_lines() -> None:
    data = "First Name,Last Name\nJosé,Ümit\n".encode() + b"Ren\xe9e,Bos\n"
    result = parse(data)
    assert labels(result) == ["José Ü.", "Renée B."]


def test_it_counts_lines_of_quoted_multiline_cells() -> None:
    data = b'First Name,Notes\nAnna,"line one\nline two"\nBram,\n'
    result = parse(data)
    assert [(c.label, c.line) for c in result.contacts] == [("Anna", 2), ("Bram", 4)]
    assert result.dropped_fields == ["notes"]
