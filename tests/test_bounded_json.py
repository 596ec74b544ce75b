"""Depth-limited JSON for files from the drop: deep nesting refused before json.loads recurses."""

from __future__ import annotations

import pytest

from mccdesk.sync import bounded_json


def test_nesting_up_to_the_limit_is_read_and_deeper_is_refused() -> None:
    nested: list = []
    for _ in range(31):
        nested = [nested]
    assert bounded_json.loads(b"[" * 32 + b"]" * 32) == nested
    with pytest.raises(bounded_json.TooDeep):
        bounded_json.loads(b"[" * 33 + b"]" * 33)
    with pytest.raises(ValueError):  # a RecursionError before
        bounded_json.loads(b'{"a":' * 200_000)


def test_brackets_inside_strings_do_not_count() -> None:
    text = '{"a": "' + "[" * 40 + '\\\\", "b": "\\"' + "{" * 40 + '"}'
    assert bounded_json.loads(text)["b"].startswith('"{')


def test_escaped_quotes_do_not_end_a_string_early() -> None:
    with pytest.raises(bounded_json.TooDeep):
        bounded_json.loads('["\\"' + "[" * 40 + '"' + "[" * 40)


def test_not_json_and_not_utf8_are_value_errors() -> None:
    for data in (b"\xff\xfe", b"{", b'"unterminated'):
        with pytest.raises(ValueError):
            bounded_json.loads(data)
