"""Turning uploaded bytes into text: refusing binary files and guessing the encoding."""

from __future__ import annotations

import charset_normalizer

from .common import MAX_BYTES, ImportFileError

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (or an Excel or Word file)"),
    (b"PK\x05\x06", "a zip archive (or an Excel or Word file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel or Word file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "a database file"),
    (b"\x00\x00\x01\x00", "an icon"),
)
_REFUSE_HINT = "; export your contacts as CSV or vCard and upload that file"
# Encodings charset-normalizer proposes for short West-European text; Dutch installs write
# Windows-1252, so that is the better reading whenever it decodes cleanly.
_WESTERN = frozenset(
    {"cp1250", "cp1252", "latin_1", "iso8859_15", "iso8859_2", "mac_roman", "mac_latin2"}
)
_ALLOWED_CONTROLS = frozenset(b"\t\n\r\f\v\x1a")


def check_size(data: bytes) -> None:
    """Refuse an empty file or one over MAX_BYTES, before anything is decoded."""
    size = len(data)
    if size > MAX_BYTES:
        tenths = -(-size * 10 // (1024 * 1024))  # round up, so 5 MB + 1 byte says 5.1 MB
        raise ImportFileError(
            f"the file is {tenths // 10}.{tenths % 10} MB; the limit is {MAX_BYTES // 2**20} MB"
        )
    if not data.strip():
        raise ImportFileError("the file is empty")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _utf16_without_bom(head: bytes) -> str | None:
    """Return 'utf-16-le'/'utf-16-be' when every other byte is NUL, as in UTF-16 text."""
    if len(head) < 4:
        return None
    even_nuls = head[0::2].count(0)
    odd_nuls = head[1::2].count(0)
    half = len(head) // 2
    if odd_nuls > 0.7 * half and even_nuls < 0.1 * half:
        return "utf-16-le"
    if even_nuls > 0.7 * half and odd_nuls < 0.1 * half:
        return "utf-16-be"
    return None


def _refuse_binary(data: bytes) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ImportFileError(f"this is {what}, not a contact file{_REFUSE_HINT}", 1)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ImportFileError(
            f"the file contains binary data, not text{_REFUSE_HINT}", _line_of(data, nul)
        )
    head = data[:65536]
    controls = sum(1 for byte in head if byte < 32 and byte not in _ALLOWED_CONTROLS)
    if controls > max(2, len(head) // 100):
        raise ImportFileError(f"the file contains binary data, not text{_REFUSE_HINT}", 1)


def _decode_utf16(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            "the text could not be read as UTF-16; save the file as UTF-8 and try again"
        ) from exc


def _decode_mixed(data: bytes) -> tuple[str, str] | None:
    """Decode line by line when most lines are UTF-8 and a few are Windows-1252."""
    lines = data.split(b"\n")
    utf8_lines = 0
    decoded: list[str] = []
    for raw in lines:
        try:
            text = raw.decode("utf-8")
            if not raw.isascii():
                utf8_lines += 1
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        decoded.append(text)
    if not utf8_lines:
        return None
    return "\n".join(decoded), "utf-8 (some lines windows-1252)"


def _decode_legacy(data: bytes) -> tuple[str, str]:
    best = charset_normalizer.from_bytes(data).best()
    guess = best.encoding if best is not None else None
    if guess is None or guess in _WESTERN:
        try:
            return data.decode("cp1252"), "windows-1252"
        except UnicodeDecodeError:
            pass
    if best is None or guess is None:
        raise ImportFileError(
            "the text could not be read: its character encoding is unknown; "
            "save the file as UTF-8 and try again"
        )
    return str(best), guess


def decode(data: bytes) -> tuple[str, str]:
    """Return the text of an upload and the encoding it was read with.

    Raises ImportFileError for empty, oversized, binary or undecodable files.
    """
    check_size(data)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = _decode_utf16(data, "utf-16"), "utf-16"
    elif (utf16 := _utf16_without_bom(data[:4096])) is not None:
        text, encoding = _decode_utf16(data, utf16), utf16
    else:
        _refuse_binary(data)
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            mixed = _decode_mixed(data)
            text, encoding = mixed if mixed is not None else _decode_legacy(data)
    text = text.removeprefix("\ufeff")
    nul = text.find("\x00")
    if nul >= 0:
        raise ImportFileError(
            f"the file contains binary data, not text{_REFUSE_HINT}", text.count("\n", 0, nul) + 1
        )
    if not text.strip():
        raise ImportFileError("the file is empty")
    return text, encoding
