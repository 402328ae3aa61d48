"""The precomputed, deterministic layout of the chains (:func:`layout`); vis-network's physics stays off.

Each chain is a horizontal band and the bands are stacked from top to bottom in the order of the chains.
Inside a band the links flow left to right by stage — input → primary → midstream → downstream →
recycling; a service link, whose stage has no place in the flow, stands just before the earliest link it
serves. Links of the same stage and segment form a block; the blocks run left to right by stage, then by
segment order; inside a block a link fed by another stands to its right (one column per longest-path
rank), and a column taller than :data:`~chaingraph.output.render.style.ROWS` links is wrapped into
several. Rows are ordered by barycentre sweeps to reduce crossings. The same input gives the same
positions: nothing is random.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from chaingraph.gaps.result import ChainResult, GapAnalysis, LinkResult
from chaingraph.output.cjktext import wrap
from chaingraph.output.render.style import (
    BAND_BOTTOM,
    BAND_TOP,
    BLOCK_GAP,
    CELL_GAP,
    CHAIN_GAP,
    COLUMN_WIDTH,
    LINE_HEIGHT,
    ROWS,
    UI,
)
from chaingraph.words import pick

__all__ = ["STAGE_ORDER", "Band", "Flow", "Placed", "layout", "link_text", "node_size"]

#: A flow between two links, as :attr:`GapAnalysis.flows <chaingraph.gaps.GapAnalysis.flows>` carries it:
#: ``(from link, to link, kind, is_return, cross_chain)``.
Flow = tuple[str, str, str, bool, bool]

#: The order of the stages from left to right.
STAGE_ORDER = {"input": 1.0, "primary": 2.0, "midstream": 3.0, "downstream": 4.0, "recycling": 5.0}


def link_text(link: LinkResult, lang: str) -> str:
    """The label drawn under a link: its name, wrapped, and a 断链 tag on a line of its own."""
    text = wrap(pick(link.label, lang) or link.id)
    return f"{text}\n{UI[lang]['broken_tag']}" if link.broken else text


def node_size(link: LinkResult) -> int:
    """Node radius: grows with the square root of the operating local actors."""
    return int(min(34, 13 + 6 * link.operating_actors ** 0.5)) if link.operating_actors else 12


@dataclass
class Placed:
    """The centre of a link's node, in canvas units."""

    x: int
    y: int


@dataclass
class Band:
    """The box of one chain (``x0, y0`` to ``x1, y1``), its segment blocks and its stage headers."""

    chain: str
    x0: int
    y0: int
    x1: int
    y1: int
    segments: list[dict[str, Any]]
    stages: list[dict[str, Any]]


def _effective_stage(links: dict[str, LinkResult], succ: dict[str, list[str]]) -> dict[str, float]:
    """Stage order used for x: the stage's own order; a service link goes just before the earliest link
    it serves (its stage in the ontology has no place in the flow)."""
    order = {}
    for link_id, link in links.items():
        order[link_id] = STAGE_ORDER.get(link.stage, 3.5)
    for link_id, link in links.items():
        if link.stage not in STAGE_ORDER:
            served = [order[s] for s in succ.get(link_id, []) if s in links and links[s].stage in STAGE_ORDER]
            order[link_id] = (min(served) - 0.5) if served else 2.5
    return order


def layout(result: GapAnalysis, flows: Sequence[Flow], heights: dict[tuple[str, str], int] | None = None,
           lang: str = "zh") -> tuple[dict[tuple[str, str], Placed], list[Band]]:
    """Deterministic positions of every link, chain by chain (see the documentation of this module).

    *heights* gives, per ``(chain, link)``, the extra height below a link (its company layer). Returns
    the positions keyed by ``(chain, link)`` and one :class:`Band` per chain (its box, its segment
    blocks and its stage headers), the bands stacked from top to bottom in the order of the chains.
    """
    heights = heights or {}
    positions: dict[tuple[str, str], Placed] = {}
    bands: list[Band] = []
    top = 0
    for chain in result.chains:
        extra = {link_id: h for (chain_id, link_id), h in heights.items() if chain_id == chain.id}
        placed, band = _chain_layout(chain, flows, extra, lang, top)
        positions.update({(chain.id, link_id): p for link_id, p in placed.items()})
        bands.append(band)
        top = band.y1 + CHAIN_GAP
    return positions, bands


def _blocks(chain: ChainResult, succ: dict[str, list[str]]) -> list[list[str]]:
    """The links of *chain* grouped by (stage, segment), in flow order: stage first, then segment."""
    links = {link.id: link for link in chain.links}
    stage = _effective_stage(links, succ)
    seg_order = {cell.key: (cell.order if cell.order is not None else 999, i)
                 for i, cell in enumerate(chain.coverage.by_segment)}
    blocks: dict[tuple, list[str]] = defaultdict(list)
    for link_id, link in sorted(links.items()):
        blocks[(stage[link_id], seg_order.get(link.segment, (999, 999)), link.segment or "")].append(link_id)
    return [blocks[key] for key in sorted(blocks)]


def _columns(blocks: list[list[str]], succ: dict[str, list[str]],
             pred: dict[str, list[str]]) -> tuple[list[list[str]], list[int]]:
    """Columns of link ids (one per longest-path rank inside each block), ordered by barycentre sweeps
    (left→right, right→left, left→right) to reduce crossings; and the block of each column."""
    columns: list[list[str]] = []
    column_block: list[int] = []
    for b, members in enumerate(blocks):
        inside = set(members)
        sub: nx.DiGraph[str] = nx.DiGraph()
        sub.add_nodes_from(members)
        sub.add_edges_from((u, v) for u in members for v in succ.get(u, []) if v in inside)
        rank = dict.fromkeys(members, 0)
        if nx.is_directed_acyclic_graph(sub):
            for n in nx.lexicographical_topological_sort(sub):
                for v in sub.successors(n):
                    rank[v] = max(rank[v], rank[n] + 1)
        for r in range(max(rank.values()) + 1):
            columns.append(sorted(n for n in members if rank[n] == r))
            column_block.append(b)
    pos = {n: (i + 0.5) / len(col) for col in columns for i, n in enumerate(col)}
    index = {n: c for c, col in enumerate(columns) for n in col}

    def sweep(order: Iterable[int], neighbours: dict[str, list[str]], before: bool) -> None:
        for c in order:
            def key(n: str, c: int = c) -> tuple[float, str]:
                near = [pos[m] for m in neighbours.get(n, [])
                        if m in index and (index[m] < c if before else index[m] > c)]
                return (sum(near) / len(near) if near else pos[n], n)
            columns[c].sort(key=key)
            for i, n in enumerate(columns[c]):
                pos[n] = (i + 0.5) / len(columns[c])

    sweep(range(1, len(columns)), pred, True)
    sweep(range(len(columns) - 2, -1, -1), succ, False)
    sweep(range(1, len(columns)), pred, True)
    return columns, column_block


def _chain_layout(chain: ChainResult, flows: Sequence[Flow], heights: dict[str, int], lang: str,
                  top: int) -> tuple[dict[str, Placed], Band]:
    """The positions of the links of *chain* and its band, the band's top at *top*."""
    links = {link.id: link for link in chain.links}
    succ: dict[str, list[str]] = defaultdict(list)
    pred: dict[str, list[str]] = defaultdict(list)
    for u, v, _kind, is_return, _cross in flows:
        if u in links and v in links and not is_return:
            succ[u].append(v)
            pred[v].append(u)
    blocks = _blocks(chain, succ)
    placed_cols = _wrap_tall(*_columns(blocks, succ, pred))

    def cell(n: str) -> int:
        lines = link_text(links[n], lang).count("\n") + 1
        return 2 * node_size(links[n]) + lines * LINE_HEIGHT + 8 + heights.get(n, 0)

    col_heights = [sum(cell(n) for n in col) + CELL_GAP * (len(col) - 1) for _, col in placed_cols]
    inner = max([160, *col_heights])
    xs, width = _column_xs(placed_cols)
    positions: dict[str, Placed] = {}
    for (_block, col), cx, height in zip(placed_cols, xs, col_heights, strict=True):
        y = top + BAND_TOP + (inner - height) // 2
        for n in col:
            positions[n] = Placed(cx, y + node_size(links[n]))
            y += cell(n) + CELL_GAP
    bottom = top + BAND_TOP + inner + BAND_BOTTOM
    segments, stages = _headers(chain, blocks, placed_cols, xs)
    return positions, Band(chain.id, -10, top, max(width, COLUMN_WIDTH) + 10, bottom, segments, stages)


def _wrap_tall(columns: list[list[str]], column_block: list[int]) -> list[tuple[int, list[str]]]:
    """The columns as drawn, each with its block: a column of more than :data:`ROWS` links is cut into
    several of equal height."""
    placed_cols: list[tuple[int, list[str]]] = []
    for col, block in zip(columns, column_block, strict=True):
        chunks = max(1, -(-len(col) // ROWS))
        size = -(-len(col) // chunks)
        placed_cols.extend((block, col[k * size:(k + 1) * size]) for k in range(chunks))
    return placed_cols


def _column_xs(placed_cols: list[tuple[int, list[str]]]) -> tuple[list[int], int]:
    """The x of the centre of each column (a gap between blocks), and the width of them all."""
    xs: list[int] = []
    x, previous = 0, None
    for block, _col in placed_cols:
        if previous is not None and block != previous:
            x += BLOCK_GAP
        xs.append(x + COLUMN_WIDTH // 2)
        x += COLUMN_WIDTH
        previous = block
    return xs, x


def _headers(chain: ChainResult, blocks: list[list[str]], placed_cols: list[tuple[int, list[str]]],
             xs: list[int]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The segment blocks of the band (runs of blocks of the same segment, with the segment's coverage)
    and the stage header of each block."""
    links = {link.id: link for link in chain.links}
    segments: list[dict[str, Any]] = []
    stages: list[dict[str, Any]] = []
    cells = {c.key: c for c in chain.coverage.by_segment}
    for b, members in enumerate(blocks):
        block_xs = [cx for (block, _), cx in zip(placed_cols, xs, strict=True) if block == b]
        x0, x1 = min(block_xs) - COLUMN_WIDTH // 2 + 6, max(block_xs) + COLUMN_WIDTH // 2 - 6
        first = links[members[0]]
        stages.append({"stage": first.stage, "x": (x0 + x1) // 2})
        if segments and segments[-1]["key"] == (first.segment or ""):
            segments[-1]["x1"] = x1
        else:
            seg = cells.get(first.segment)
            segments.append({"key": first.segment or "", "label": dict(first.segment_label), "x0": x0, "x1": x1,
                             "operating": seg.operating if seg else 0, "total": seg.total if seg else 0,
                             "gap": bool(seg.gap) if seg else False})
    return segments, stages
