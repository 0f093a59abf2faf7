"""The paper's own lines (ruled, squared, margin) found in an ink mask and taken out of it.

Printed lines are long, thin and straight; digits are short or thick. An opening with a long
horizontal (vertical) kernel keeps only long runs; of those, only the thin ones (a vertical run of a
few px) are paper lines, so a digit's thick bar stays ink. The runs are followed on the faint ink
(a lower level than the ink's), where a line as faint as the ink level is unbroken instead of dashes
too short to be a line. Removing a line cuts every stroke that crosses it, so the band is filled
back wherever ink continues on both sides of it (a closing across the band, on the ink outside it).
"""
from __future__ import annotations

import cv2
import numpy as np

_MIN_LENGTH_SHARE = 0.12        # a paper line is at least this share of the frame's width (height) long...
_MIN_LENGTH = 40                # ...and never shorter than this (px)
_LINE_SHARE = {False: 0.15, True: 0.25}   # a line (or a piece of one between digits) spans this share of the
                                          # frame's width (height): a thin "1" must not pass for a vertical one
_QUICK_LOOK_SHARE = 0.35       # some line of the paper crosses at least this share of the frame
_FEW_BANDS = 48                 # bands (rows or columns) crossing it that are checked one by one for a line
_MAX_THICKNESS = 4              # px: thicker long runs are pen strokes (bars of big digits, underlines)
_TILT_TOLERANCE = 3             # px: lines are thickened across by this much before the opening (tilt, wobble)


def remove_paper_lines(binary: np.ndarray, faint: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(ink without the paper's lines, the lines' mask). Both uint8 0/255, the frame's shape. `faint`:
    the ink at a lower level (a superset of `binary`), where lines as faint as the ink level run on
    unbroken; the lines are followed along it."""
    faint = binary if faint is None else faint
    horizontal = _thin_long_runs(binary, faint, vertical=False)
    vertical = _thin_long_runs(binary, faint, vertical=True)
    if not horizontal.any() and not vertical.any():
        return binary, horizontal
    ink = binary
    lines = cv2.bitwise_or(horizontal, vertical)
    if horizontal.any():
        ink = _cut_and_bridge(ink, horizontal, vertical=False)
    if vertical.any():
        ink = _cut_and_bridge(ink, vertical, vertical=True)
    return ink, lines


def _thin_long_runs(binary: np.ndarray, faint: np.ndarray, vertical: bool) -> np.ndarray:
    """Ink that belongs to long, thin, straight runs along one direction (followed on `faint`)."""
    along = binary.shape[0] if vertical else binary.shape[1]
    length = max(_MIN_LENGTH, round(_MIN_LENGTH_SHARE * along))
    if along < 2 * length or not _may_hold_line(binary, vertical):
        return np.zeros_like(binary)
    long_kernel = np.ones((length, 1) if vertical else (1, length), np.uint8)
    across = np.ones((1, _TILT_TOLERANCE) if vertical else (_TILT_TOLERANCE, 1), np.uint8)
    runs = cv2.morphologyEx(cv2.dilate(faint, across), cv2.MORPH_OPEN, long_kernel)
    if not runs.any():
        return runs
    thick_kernel = np.ones((1, _MAX_THICKNESS + _TILT_TOLERANCE) if vertical
                           else (_MAX_THICKNESS + _TILT_TOLERANCE, 1), np.uint8)
    thick = cv2.morphologyEx(runs, cv2.MORPH_OPEN, thick_kernel)
    return cv2.bitwise_and(_long_enough(cv2.subtract(runs, thick), vertical), binary)


def _may_hold_line(binary: np.ndarray, vertical: bool) -> bool:
    """A quick look first: the paper's lines run across most of the sheet, so one of them inks a good
    share of the columns (rows) within some band of rows (columns) a few px wide; a row of digits
    does not. (Pages without lines, the video's usual case, skip the openings: 0.2 ms instead of 2.5.)"""
    along = binary.shape[0] if vertical else binary.shape[1]
    band = cv2.dilate(binary, np.ones((1, _TILT_TOLERANCE) if vertical else (_TILT_TOLERANCE, 1), np.uint8))
    counts = cv2.reduce(band, 0 if vertical else 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel() // 255
    crossing = _thin_bands(np.flatnonzero(counts >= _QUICK_LOOK_SHARE * along))
    if len(crossing) == 0:
        return False
    if len(crossing) > _FEW_BANDS:
        return True
    # A few bands cross: digits stacked in a column ink a band too, but in pieces; a line runs on
    # unbroken for at least the opening's length (the demo page, whose dark edge crosses it: 0.05 ms
    # here instead of 0.5 in the openings)
    cells = band[:, crossing] if vertical else band[crossing].T
    return _longest_run(cells) >= max(_MIN_LENGTH, round(_MIN_LENGTH_SHARE * along))


def _thin_bands(crossing: np.ndarray) -> np.ndarray:
    """The crossing bands (sorted indices) less those in blocks too thick for a paper line (a page's
    dark edge, a thick bar): the openings would take those out as pen strokes anyway."""
    if len(crossing) == 0:
        return crossing
    breaks = np.flatnonzero(np.diff(crossing) > 1) + 1
    blocks = np.split(crossing, breaks)
    return np.concatenate([block for block in blocks if len(block) <= _MAX_THICKNESS + 2 * _TILT_TOLERANCE]
                          or [crossing[:0]])


def _longest_run(cells: np.ndarray) -> int:
    """The longest run of inked cells down any column of `cells` (rows × columns)."""
    padded = np.zeros((cells.shape[0] + 2, cells.shape[1]), np.int8)
    padded[1:-1] = cells > 0
    edges = np.diff(padded, axis=0).T               # column by column: starts (+1) and ends (-1) alternate
    starts, ends = np.nonzero(edges == 1)[1], np.nonzero(edges == -1)[1]
    return int((ends - starts).max(initial=0))


def _long_enough(runs: np.ndarray, vertical: bool) -> np.ndarray:
    """Only runs that cross a good share of the frame: a thin "1" or the bar of a small "7" is long
    for its size but short for a page."""
    along = runs.shape[0] if vertical else runs.shape[1]
    contours, _ = cv2.findContours(runs, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    short = [c for c in contours if cv2.boundingRect(c)[3 if vertical else 2] < _LINE_SHARE[vertical] * along]
    if short:
        runs = runs.copy()
        cv2.drawContours(runs, short, -1, 0, thickness=cv2.FILLED)
    return runs


def _cut_and_bridge(ink: np.ndarray, line: np.ndarray, vertical: bool) -> np.ndarray:
    """`ink` without `line`, except where ink continues on both sides of it (a stroke crossing it)."""
    band = cv2.dilate(line, np.ones((1, 3) if vertical else (3, 1), np.uint8))
    outside = cv2.subtract(ink, band)
    reach = _MAX_THICKNESS + _TILT_TOLERANCE + 3
    bridged = cv2.morphologyEx(outside, cv2.MORPH_CLOSE, np.ones((1, reach) if vertical else (reach, 1), np.uint8))
    return cv2.bitwise_or(outside, cv2.bitwise_and(bridged, cv2.bitwise_and(ink, band)))
