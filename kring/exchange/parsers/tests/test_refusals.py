from __future__ import annotations

import time
from pathlib import Path

import pytest

from kring.exchange.parsers import MAX_BYTES, MAX_CONTACTS, ImportFileError, detect_format, parse

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 20 + b"Connections.csv"


def refusal(data: bytes, **kwargs: str) -> ImportFileError:
    with pytest.raises(ImportFileError) as info:
        parse(data, **kwargs)
    return info.value


def test_it_refuses_an_empty_file() -> None:
    assert refusal(b"").message == "the file is empty"
    assert refusal(b" \r\n\n").message == "the file is empty"


def test_it_refuses_a_png_renamed_to_csv() -> None:
    error = refusal(PNG, filename="contacten.csv")
    assert error.message.startswith("this is a PNG image, not a contact file")
    assert error.line == 1


def test_it_refuses_zip_and_pdf_files() -> None:
    assert "zip archive" in refusal(ZIP).message
    assert "PDF" in refusal(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n").message


def test_it_refuses_nul_bytes_with_the_line() -> None:
    error = refusal(b"First Name\nAnna\nBr\x00am\n")
    assert "binary" in error.message
    assert error.line == 3


def test_it_refuses_a_csv_without_a_name_column() -> None:
    error = refusal(b"Phone,E-mail\n0612345678,a@example.nl\n")
    assert error.message.startswith("no column with names found; expected one of First Name")


def test_it_refuses_a_file_it_does_not_recognise() -> None:
    assert "not recognised" in refusal(b"Dit is gewoon een briefje\nzonder namen\n").message


def test_it_refuses_an_unknown_format_name() -> None:
    assert "unknown format" in refusal(b"First Name\nAnna\n", format="excel").message


def test_it_checks_the_size_before_decoding() -> None:
    data = b"\xff" * (6 * 1024 * 1024)  # would be undecodable if it were read
    started = time.perf_counter()
    error = refusal(data)
    assert error.message == "the file is 6.0 MB; the limit is 5 MB"
    assert time.perf_counter() - started < 0.5
    assert "5.1 MB" in refusal(b"a" * (MAX_BYTES + 1)).message


def test_it_stops_at_more_than_the_contact_limit() -> None:
    data = b"First Name,Connected On\n" + b"Anna,01 Jan 2020\n" * (MAX_CONTACTS + 1)
    error = refusal(data)
    assert error.message == "the file has more than 30,000 contacts; the limit is 30,000"
    assert error.line == MAX_CONTACTS + 2


def test_it_accepts_exactly_the_contact_limit() -> None:
    data = b"First Name\n" + b"Anna\n" * MAX_CONTACTS
    assert len(parse(data).contacts) == MAX_CONTACTS


def test_it_stops_a_vcard_file_with_too_many_cards() -> None:
    card = b"BEGIN:VCARD\nFN:Anna\nEND:VCARD\n"
    error = refusal(card * (MAX_CONTACTS + 1))
    assert error.line == MAX_CONTACTS * 3 + 1


def test_it_refuses_a_chosen_csv_format_for_a_vcard() -> None:
    error = refusal(b"BEGIN:VCARD\nFN:Anna\nEND:VCARD\n", format="google")
    assert error.message.startswith("no column with names found")


def test_it_reports_an_unclosed_quote_that_swallows_the_file() -> None:
    data = b'First Name,Notes\nAnna,"' + b"x" * 200_000 + b"\n"
    error = refusal(data)
    assert "could not be read" in error.message
    assert error.line == 2


def test_it_detects_formats_without_parsing() -> None:
    assert detect_format(b"BEGIN:VCARD\r\nEND:VCARD\r\n") == "vcard"
    assert detect_format(b"label,quadrant,ring\nMama,family,1\n") == "kring"
    assert detect_format(b"Given Name,Family Name\nA,B\n") == "google"
    assert detect_format(b"Voornaam;Achternaam\nA;B\n") == "outlook"
    with pytest.raises(ImportFileError):
        detect_format(PNG)


def test_it_refuses_a_header_with_too_many_columns() -> None:
    error = refusal(b"First Name," + b"x," * 10_000 + b"\nAnna\n")
    assert error.message == "line has 10,002 columns; the limit is 500"
    assert error.line == 1


def test_it_reads_a_huge_structured_vcard_value_quickly() -> None:
    started = time.perf_counter()
    result = parse(b"BEGIN:VCARD\nN:Bos;Anna" + b";" * 1_000_000 + b"\nEND:VCARD\n")
    assert [c.label for c in result.contacts] == ["Anna B."]
    assert time.perf_counter() - started < 1


def test_it_does_not_import_django() -> None:
    import subprocess
    import sys

    code = (
        "import sys, kring.exchange.parsers, kring.exchange.formats; "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=str(Path.cwd()))


UNCLOSED = 'a quote (") opens on this line and is not closed, so lines run together'


def test_it_refuses_a_csv_whose_quote_is_never_closed_instead_of_joining_people() -> None:
    # The reported file: the rest of the file ran into one position ("Kok Mo,Jansen,...").
    data = b'First Name,Last Name,Position\nAnna,Bos,"Kok\nMo,Jansen,Bakker\nIlse,Vries,Leraar\n'
    error = refusal(data)
    assert error.message == UNCLOSED
    assert error.line == 2


def test_it_names_the_line_where_the_quote_opens_inside_a_longer_record() -> None:
    data = (
        b"Given Name,Notes,Organization 1 - Name\n"
        b'Anna,"met de fiets\nnaar het werk",ACME\n'
        b'Mo,"kent Anna\nvan school","Bakkerij\nIlse,,\n'
    )
    error = refusal(data)
    assert error.message == UNCLOSED
    assert error.line == 5


def test_it_refuses_a_quote_that_closes_records_later_in_a_name() -> None:
    data = b'First Name,Last Name\nAnna,Bos\nMo,"Jansen\nIlse,Vries",x\nTom,Bos\n'
    error = refusal(data, format="outlook")
    assert error.message == UNCLOSED
    assert error.line == 3


def test_it_refuses_a_linkedin_field_over_several_lines() -> None:
    data = (
        b"First Name,Last Name,URL,Company,Position,Connected On\n"
        b'Anna,Bos,"https://www.linkedin.com/in/anna,ACME,Kok,01 Jan 2024\n'
        b'Mo,Jansen,https://www.linkedin.com/in/mo",ACME,Bakker,01 Jan 2024\n'
        b"Ilse,Vries,https://www.linkedin.com/in/ilse,ACME,Leraar,01 Jan 2024\n"
    )
    error = refusal(data)
    assert error.message == UNCLOSED
    assert error.line == 2


def test_it_refuses_a_field_that_swallows_many_lines_in_any_format() -> None:
    people = b"".join(b"Persoon%d,,\n" % n for n in range(40))
    data = b'Given Name,Family Name,Notes\nAnna,Bos,"begin\n' + people + b'einde"\nMo,Jansen,\n'
    error = refusal(data)
    assert error.message == UNCLOSED
    assert error.line == 2


def test_it_still_reads_notes_over_a_few_lines_in_quotes() -> None:
    data = b'Given Name,Family Name,Notes\nAnna,Bos,"regel een\nregel twee"\nMo,Jansen,\n'
    assert [c.label for c in parse(data).contacts] == ["Anna B.", "Mo J."]


def test_it_refuses_an_unclosed_quote_in_the_kring_template() -> None:
    error = refusal(b'label,quadrant,ring\nMama,family,1\n"Papa,family,1\nOma,family,2\n')
    assert error.message == UNCLOSED
    assert error.line == 3
