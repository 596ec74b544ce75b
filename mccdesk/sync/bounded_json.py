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
_MARK = re.compile(r'[\[\]{}"]')


class TooDeep(ValueError):
    pass


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Raise TooDeep if brackets outside strings nest deeper than `limit` (linear time)."""
    depth, pos = 0, 0
    while (found := _MARK.search(text, pos)) is not None:
        mark, pos = found.group(), found.end()
        if mark == '"':
            pos = _string_end(text, pos)
        elif mark in "[{":
            depth += 1
            if depth > limit:
                raise TooDeep(f"nested deeper than {limit} levels")
        else:
            depth -= 1


def _string_end(text: str, pos: int) -> int:
    """The position after the quote that ends the string starting at `pos`."""
    while True:
        end = text.find('"', pos)
        if end < 0:
            return len(text)  # unterminated: json.loads says so
        backslashes = 0
        while end - backslashes - 1 >= pos and text[end - backslashes - 1] == "\\":
            backslashes += 1
        if backslashes % 2 == 0:
            return end + 1
        pos = end + 1


def loads(data: bytes | str, limit: int = MAX_DEPTH) -> Any:
    """`json.loads` of UTF-8 `data`; ValueError (UnicodeDecodeError, TooDeep, JSONDecodeError)
    for anything that is not JSON nested at most `limit` deep."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    check_depth(text, limit)
    return json.loads(text)
