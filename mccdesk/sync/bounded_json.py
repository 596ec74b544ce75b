"""JSON from files others can write: nesting refused before the parser can recurse on it.

`json.loads` recurses once per `[` or `{`: a header of 100,000 brackets raised RecursionError,
which no reader caught (issue 13). `loads` first walks the text for its bracket depth (strings
skipped, escapes honoured) and refuses more than MAX_DEPTH levels with a ValueError, like any
other malformed JSON. mccdesk's own documents nest at most 5 levels (a summary's tables).
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 32
# A JSON string, or what is left of an unterminated one: it always matches from a quote (the
# possessive loop stops only at a quote, a final backslash or the end), so the scan is linear.
_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")


class TooDeep(ValueError):
    pass


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Raise TooDeep if brackets outside strings nest deeper than `limit` (linear time)."""
    marks = _NOT_BRACKET.sub("", _STRING.sub("", text))
    if len(marks) <= limit:
        return
    depth = 0
    for mark in marks:
        depth += 1 if mark in "[{" else -1
        if depth > limit:
            raise TooDeep(f"nested deeper than {limit} levels")


def loads(data: bytes | str, limit: int = MAX_DEPTH) -> Any:
    """`json.loads` of UTF-8 `data`; ValueError (UnicodeDecodeError, TooDeep, JSONDecodeError)
    for anything that is not JSON nested at most `limit` deep."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    check_depth(text, limit)
    return json.loads(text)
