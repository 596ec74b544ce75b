"""Blocks on pages: a heading kept with what follows, a row moved whole, a paragraph split
between its lines, with the space between blocks collapsed as platypus' frames do."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from mccdesk.reports.layout.line_breaking import FUZZ, Para
from mccdesk.reports.layout.page_draw import PageDraw


class Block(Protocol):
    height: float
    space_before: float
    space_after: float

    def draw(self, page: PageDraw, x: float, top: float) -> None: ...


@dataclass
class Box:
    """A block kept whole on a page: a table row, a spacer. Only one taller than a whole page is
    cut, by `split(room)` → (what fits in room, the rest), so that no line is lost."""

    height: float
    paint: Callable[[PageDraw, float, float], None] | None = None
    space_before: float = 0.0
    space_after: float = 0.0
    split: Callable[[float], tuple[Box, Box] | None] | None = None

    def draw(self, page: PageDraw, x: float, top: float) -> None:
        if self.paint is not None:
            self.paint(page, x, top)


def spacer(height: float) -> Box:
    return Box(height)


@dataclass
class Keep:
    """Blocks that start on a new page when they do not fit together on this one."""

    blocks: list[Block | Keep]
    space_before: float = field(init=False, default=0.0)

    def __post_init__(self) -> None:
        self.space_before = self.blocks[0].space_before if self.blocks else 0.0

    def extent(self, prev_after: float, at_top: bool) -> tuple[float, float]:
        """Height from the current point (given the space after what is above it, or that it
        starts a page), and the space after the last block."""
        total = 0.0
        for b in self.blocks:
            if isinstance(b, Keep):
                h, prev_after = b.extent(prev_after, at_top)
                total += h
            else:
                gap = 0.0 if at_top else max(b.space_before - prev_after, 0.0)
                total += gap + b.height
                prev_after = b.space_after
                total += prev_after
            at_top = at_top and total == 0
        return total - prev_after, prev_after


def keep_headings(blocks: Iterable[Block | Keep]) -> list[Block | Keep]:
    """A block marked keep-with-next goes into a Keep with the block after it."""
    out: list[Block | Keep] = []
    pending: list[Block | Keep] = []
    for b in blocks:
        pending.append(b)
        if not getattr(b, "keep_with_next", False):
            out.append(Keep(pending) if len(pending) > 1 else b)
            pending = []
    out.extend(pending)
    return out


@dataclass
class _Placed:
    block: Block
    top: float


class Pager:
    def __init__(self, top: float, bottom: float) -> None:
        self.top, self.bottom = top, bottom
        self.pages: list[list[_Placed]] = []
        self._new_page()

    def _new_page(self) -> None:
        self.pages.append([])
        self.y, self.at_top, self.prev_after = self.top, True, 0.0

    def _gap(self, b: Block | Keep) -> float:
        return 0.0 if self.at_top else max(b.space_before - self.prev_after, 0.0)

    def add(self, b: Block | Keep) -> None:
        if isinstance(b, Keep):
            height, _ = b.extent(self.prev_after, self.at_top)
            if self.y - height < self.bottom - FUZZ and not self.at_top:
                self._new_page()
            for inner in b.blocks:
                self.add(inner)
            return
        while True:
            gap = self._gap(b)
            room = self.y - gap - self.bottom
            if b.height <= room + FUZZ:
                self._place(b, gap)
                return
            if isinstance(b, Para):
                fit = int((room + FUZZ) / b.style.leading)
                if self.at_top:
                    fit = max(fit, 1)
                if 2 <= fit < len(b.lines) or (self.at_top and fit < len(b.lines)):
                    self._place(b.part(0, fit), gap)
                    b = b.part(fit, len(b.lines))
                    self._new_page()
                    continue
            if self.at_top:  # taller than a whole page
                parts = b.split(room) if isinstance(b, Box) and b.split else None
                if parts is None:  # cannot be cut: drawn anyway
                    self._place(b, gap)
                    return
                self._place(parts[0], gap)
                b = parts[1]
                self._new_page()
                continue
            self._new_page()

    def _place(self, b: Block, gap: float) -> None:
        top = self.y - gap
        self.pages[-1].append(_Placed(b, top))
        self.y = top - b.height - b.space_after
        self.prev_after = b.space_after
        if b.height or gap:
            self.at_top = False
