"""Small factories for the exchange tests."""

from __future__ import annotations

from pathlib import Path

from kring.accounts.models import User
from kring.exchange import imports

SAMPLES = (
    Path(__file__).resolve().parents[2] / "kring" / "exchange" / "parsers" / "tests" / "samples"
)

VCARD = (
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Bakker;Sanne;;;\r\nFN:Sanne Bakker\r\n"
    b"TITLE:Verpleegkundige\r\nTEL:+31 6 12345678\r\nEMAIL:sanne@example.org\r\n"
    b"END:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Jansen;Mo;;;\r\nFN:Mo Jansen\r\nORG:Bouwbedrijf X\r\n"
    b"END:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:de Vries;Ilse;;;\r\nFN:Ilse de Vries\r\n"
    b"BDAY:1990-01-01\r\nEND:VCARD\r\n"
)


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def preview_of(jobseeker: User, data: bytes = VCARD, format: str = "auto", filename: str = ""):  # type: ignore[no-untyped-def]
    return imports.import_preview(
        actor=jobseeker, jobseeker=jobseeker, data=data, format=format, filename=filename
    )


def import_all(jobseeker: User, data: bytes = VCARD, **kwargs: object) -> imports.ImportOutcome:
    preview = preview_of(jobseeker, data, **kwargs)  # type: ignore[arg-type]
    return imports.import_confirm(
        actor=jobseeker, jobseeker=jobseeker, preview_id=preview.pk, decisions={}
    )


POSITIONS = ("Kok", "Lasser", "Verpleegkundige", "Chauffeur")


def linkedin_csv(count: int) -> bytes:
    """Return a LinkedIn Connections.csv with `count` connections at 20 companies."""
    lines = [
        "Notes:",
        '"When exporting your connection data, you may notice that some of the email '
        'addresses are missing."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for n in range(count):
        lines.append(
            f"Persoon{n},Bakker,https://www.linkedin.com/in/p{n},,Bedrijf {n % 20},"
            f"{POSITIONS[n % len(POSITIONS)]},01 Jan 2024"
        )
    return ("\n".join(lines) + "\n").encode()
