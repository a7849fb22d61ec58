"""Whether an imported name probably names someone already in the network.

The import preview marks such rows so the person can merge them instead of adding the same
person twice. Django-free: it works on plain labels and contact dicts.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

SIMILAR_RATIO = 0.85


def _normal(label: str) -> str:
    # Accents are dropped so that "José" and "Jose" are the same name to the check.
    decomposed = unicodedata.normalize("NFKD", label)
    text = "".join(char for char in decomposed if not unicodedata.combining(char))
    text = unicodedata.normalize("NFKC", text).casefold().replace(".", " ")
    return " ".join(text.split())


def _first_and_initial(normal: str) -> tuple[str, str]:
    words = normal.split(" ")
    first = words[0] if words else ""
    initial = words[1][:1] if len(words) > 1 else ""
    return first, initial


def _alike(a: str, b: str) -> bool:
    """looks_alike on labels already passed through _normal."""
    if not a or not b:
        return False
    if a == b:
        return True
    first_a, initial_a = _first_and_initial(a)
    first_b, initial_b = _first_and_initial(b)
    if first_a == first_b:
        # Same first name: the initials decide; two different initials are two people.
        return initial_a == initial_b or not initial_a or not initial_b
    matcher = difflib.SequenceMatcher(None, a, b)
    return (
        matcher.real_quick_ratio() >= SIMILAR_RATIO
        and matcher.quick_ratio() >= SIMILAR_RATIO
        and matcher.ratio() >= SIMILAR_RATIO
    )


def looks_alike(first: str, second: str) -> bool:
    """Return whether two labels probably name the same person.

    Same name ignoring case and accents; or the same first name with the same initial, or
    with an initial on only one side ("Sanne" and "Sanne B."); or a similar spelling (difflib
    ratio ≥ 0.85, "Mohamed" and "Mohammed"). The same first name with two different
    initials is two people.
    """
    return _alike(_normal(first), _normal(second))


# The share of a label's letters any look-alike must have too, at the least. A ratio of 0.85
# needs 0.425 × (both lengths) letters in common and the other label at least 0.85/1.15 of
# this one's length, so at least 0.739 of this label's letters; 0.73 keeps a margin.
_SHARED_AT_LEAST = 0.73


def _tokens(normal: str) -> list[tuple[str, int]]:
    """Return the letters of `normal` as a set: ("a", 0), ("a", 1) for the second "a"..."""
    seen: dict[str, int] = {}
    tokens = []
    for char in normal:
        count = seen.get(char, 0)
        seen[char] = count + 1
        tokens.append((char, count))
    return tokens


class LookAlikes:
    """The existing contacts indexed so a label is compared with a few of them, not all.

    Three indexes each catch one rule of looks_alike: the whole normalised label (same
    name), its first word (same first name), and a prefix filter for similar spellings. Two
    labels with a difflib ratio of at least 0.85 share at least 73 % of the letters of each
    (quick_ratio bounds ratio), so, with the letters of every label ordered rarest first,
    they share one of the first 27 % (plus one) of each: only contacts that hold one of the
    label's rarest letters are compared. Every candidate is then checked with the same rule
    as looks_alike, so the result is exactly that of comparing with every contact.
    """

    def __init__(self, existing: Sequence[Mapping[str, Any]]) -> None:
        self.existing = list(existing)
        self.normals = [_normal(str(c["label"])) for c in self.existing]
        self.frequency: dict[tuple[str, int], int] = {}
        for normal in self.normals:
            for token in set(_tokens(normal)):
                self.frequency[token] = self.frequency.get(token, 0) + 1
        self.firsts = [_first_and_initial(normal) for normal in self.normals]
        self.token_sets = [frozenset(_tokens(normal)) for normal in self.normals]
        self.by_normal: dict[str, list[int]] = {}
        self.by_first: dict[str, list[int]] = {}
        self.by_token: dict[tuple[str, int], list[int]] = {}
        for position, normal in enumerate(self.normals):
            if not normal:
                continue
            self.by_normal.setdefault(normal, []).append(position)
            self.by_first.setdefault(self.firsts[position][0], []).append(position)
            for token in self._prefix(normal):
                self.by_token.setdefault(token, []).append(position)

    def _prefix(self, normal: str) -> list[tuple[str, int]]:
        tokens = sorted(_tokens(normal), key=lambda token: (self.frequency.get(token, 0), token))
        size = len(tokens)
        return tokens[: min(size, size - int(_SHARED_AT_LEAST * size) + 1)]

    def similar(self, label: str) -> list[dict[str, Any]]:
        """Return the existing contacts (id, label, occupation) that look like `label`."""
        normal = _normal(label)
        if not normal:
            return []
        first = _first_and_initial(normal)[0]
        tokens = frozenset(_tokens(normal))
        candidates = set(self.by_normal.get(normal, ()))
        candidates.update(self.by_first.get(first, ()))
        for token in self._prefix(normal):
            candidates.update(self.by_token.get(token, ()))
        found = []
        for position in sorted(candidates):
            other = self.normals[position]
            other_first = self.firsts[position][0]
            if other != normal and other_first != first:
                # difflib's quick_ratio, from letters counted once per label: most candidates
                # stop here, before a SequenceMatcher is built.
                shared = len(tokens & self.token_sets[position])
                if 2.0 * shared / (len(normal) + len(other)) < SIMILAR_RATIO:
                    continue
            if _alike(normal, other):
                contact = self.existing[position]
                found.append(
                    {
                        "id": contact["id"],
                        "label": contact["label"],
                        "occupation": contact["occupation"],
                    }
                )
        return found
