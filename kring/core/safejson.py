"""Reading untrusted JSON with a bound on nesting depth.

`json.loads` recurses once per nested array or object, so a few hundred bytes of `[[[[...`
end in a RecursionError deep inside the parser (a 500, and a thread that hit the stack
limit). Kring's own documents nest less than ten levels, so anything deeper than
`MAX_JSON_DEPTH` is refused before parsing, by a scan that does not recurse: strings are
cut out by one regular expression, the brackets that remain are counted in C
(`itertools.accumulate`), so the check is linear: about as long as the parse itself
(0.26 s for a 17 MB document on the development machine).
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any, Final

MAX_JSON_DEPTH: Final = 64

# A JSON string, or an unterminated one up to the end (possessive: never backtracks, so
# the scan stays linear on any input, also `"\"\"\"...` without a closing quote).
_STRING = re.compile(r'"[^"\\]*+(?:\\[\s\S][^"\\]*+)*+(?:"|\\?\Z)')
_NOT_BRACKETS = re.compile(r"[^\[\]{}]++")
_STEP: Final = {"[": 1, "{": 1, "]": -1, "}": -1}


class JSONTooDeep(ValueError):
    """The document nests arrays and objects deeper than the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the JSON nests more than {limit} levels deep")
        self.limit = limit


def nesting_depth(text: str) -> int:
    """Give back how deep arrays and objects nest in `text`, without parsing it.

    Brackets inside strings do not count. On text that is not JSON the answer is only an
    upper bound of what a parser would reach before it gives up.
    """
    brackets = _NOT_BRACKETS.sub("", _STRING.sub("", text))
    if not brackets:
        return 0
    return max(0, max(accumulate(map(_STEP.__getitem__, brackets))))


def loads(text: str | bytes, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Give back the parsed JSON `text`; raise JSONTooDeep or ValueError when it is refused.

    Bytes are decoded as UTF-8 (a UnicodeDecodeError is a ValueError too).
    """
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8")
    if nesting_depth(text) > max_depth:
        raise JSONTooDeep(max_depth)
    try:
        return json.loads(text)
    except RecursionError:  # pragma: no cover - the scan above refuses such input first
        raise JSONTooDeep(max_depth) from None
