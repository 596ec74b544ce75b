"""The printed recovery key: the case book's 32-byte key as 16 groups of 6 digits.

Format (like a BitLocker recovery key)::

    GGGGGC-GGGGGC-... (16 groups)

Group i (1-based) holds bytes 2(i-1) and 2(i-1)+1 of the key as a big-endian number 0..65535,
written as 5 zero-padded digits, then one Damm check digit computed over the two digits of the
group number ("01".."16") followed by those 5 digits. Because the group number is part of the
check, a single wrong digit, two swapped neighbouring digits, or a group typed in the wrong
place is reported with the group's number, so the person fixes one group instead of 96 digits.

Limit: one decimal check digit cannot tell 16 positions apart. A group moved between positions
(1, 16), (2, 10), (3, 11), (4, 12), (5, 14) or (6, 15) still passes its check; the wrong key is
then caught when the case book refuses it (errors.WrongRecoveryKey).
"""

from __future__ import annotations

import math
import unicodedata

from mccdesk import errors

__all__ = ["GROUPS", "RecoveryKeyGroupLength", "check_group", "decode", "encode"]

GROUPS = 16
KEY_BYTES = 2 * GROUPS
GROUP_DIGITS = 6
_DATA_DIGITS = 5
_DIGITS = frozenset("0123456789")

# Besides spaces and "-", accept the dashes a Japanese IME or a PDF copy tends to produce.
# NFKC already turns the full-width space and full-width hyphen-minus into ASCII.
_SEPARATORS = frozenset(" \t\r\n-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff70")

# Damm's weakly totally anti-symmetric quasigroup of order 10 (Damm 2004; the usual table).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


class RecoveryKeyGroupLength(errors.RecoveryKeyLength):
    """All 16 groups were entered, but one of them does not have 6 digits.

    Still a RecoveryKeyLength (params groups/found), but it names the group to fix.
    """

    ja = "回復キーの第{group}グループが{digits}桁です（各グループは6桁×{groups}グループ）。"
    en = (
        "Group {group} of the recovery key has {digits} digits (each of the {groups} groups has 6)."
    )


def _damm(digits: str) -> int:
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][ord(ch) - 48]
    return interim


def _group_text(index: int, value: int) -> str:
    data = f"{value:05d}"
    return data + str(_damm(f"{index:02d}{data}"))


def encode(key: bytes) -> str:
    """Format a 32-byte key as 16 hyphen-separated groups of 6 digits."""
    if len(key) != KEY_BYTES:
        raise ValueError(f"a recovery key encodes exactly {KEY_BYTES} bytes, got {len(key)}")
    return "-".join(
        _group_text(i + 1, int.from_bytes(key[2 * i : 2 * i + 2], "big")) for i in range(GROUPS)
    )


def _group_value(text: str, index: int) -> int | None:
    """The 16-bit value of a well-formed group, or None if it has a typo."""
    if len(text) != GROUP_DIGITS or not _DIGITS.issuperset(text):
        return None
    if _damm(f"{index:02d}{text}") != 0:  # a valid Damm string, check digit included, ends at 0
        return None
    value = int(text[:_DATA_DIGITS])
    return value if value <= 0xFFFF else None


def check_group(text: str, index: int) -> bool:
    """Whether `text` is a correct group number `index` (1-based, 1..16).

    Meant for a form that checks each box as it is filled; accepts full-width digits.
    """
    if not 1 <= index <= GROUPS:
        raise ValueError(f"group index must be 1..{GROUPS}, got {index}")
    return _group_value(unicodedata.normalize("NFKC", text).strip(), index) is not None


def _split(text: str) -> list[str]:
    """Cut the normalised input into 16 groups, or raise a length error."""
    pieces: list[str] = []
    current: list[str] = []
    for ch in text:
        if ch in _SEPARATORS:
            if current:
                pieces.append("".join(current))
                current = []
        else:
            current.append(ch)
    if current:
        pieces.append("".join(current))

    total = sum(len(p) for p in pieces)
    expected = GROUPS * GROUP_DIGITS
    separated = len(pieces) > 1
    if separated and len(pieces) == GROUPS:
        # The person kept the printed layout, so a short or long group can be named.
        for number, piece in enumerate(pieces, start=1):
            if len(piece) != GROUP_DIGITS:
                raise RecoveryKeyGroupLength(
                    groups=GROUPS, found=GROUPS, group=number, digits=len(piece)
                )
        return pieces
    if total != expected:
        found = len(pieces) if separated else math.ceil(total / GROUP_DIGITS)
        raise errors.RecoveryKeyLength(groups=GROUPS, found=found)
    # Right number of characters but unusual grouping (none, or pasted across lines): re-cut.
    joined = "".join(pieces)
    return [joined[i : i + GROUP_DIGITS] for i in range(0, expected, GROUP_DIGITS)]


def decode(text: str) -> bytes:
    """Parse a typed recovery key back into the 32-byte key.

    Raises errors.RecoveryKeyLength (or its subclass RecoveryKeyGroupLength) when the amount
    of digits is wrong, and errors.RecoveryKeyTypo naming the first group that fails its check.
    """
    groups = _split(unicodedata.normalize("NFKC", text).strip())
    key = bytearray()
    for number, group in enumerate(groups, start=1):
        value = _group_value(group, number)
        if value is None:
            raise errors.RecoveryKeyTypo(group=number)
        key += value.to_bytes(2, "big")
    return bytes(key)
