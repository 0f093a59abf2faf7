"""The sheet of paper in a frame: found when it lies on a darker background, and straightened.

A photo of a page on a desk holds two kinds of "ink": the digits, and the desk's grain and the sheet's
edge. The sheet is the largest bright, four-cornered region clearly brighter than what surrounds it
(bright above Otsu's level, or a little below it, so a shadow across the sheet does not cut it in half),
not touching the frame's border (a page that fills the frame has no surroundings to find); reading only
inside it, straightened, keeps the desk out and gives the digits back their upright shape. The work is
done on a picture about 160 px wide, so it costs a fraction of a millisecond per frame.
"""
from __future__ import annotations

import cv2
import numpy as np

_SIDE = 160                     # the sheet is looked for on a picture this big
_LEVEL_SHARES = (1.0, 0.8, 0.6)  # the sheet is looked for above Otsu's level, and lower: a shadow across
                                # it leaves part of the sheet darker than Otsu's level (the largest sheet wins)
_MIN_AREA = 0.12                # the sheet covers at least this share of the frame...
_MAX_AREA = 0.92                # ...and at most this (beyond, the page fills the frame)
_MAX_BRIGHT_BORDER = 0.5        # a sheet on a desk leaves most of the frame's border dark
_MIN_STEP = 45                  # grey levels between the sheet and its surroundings
_MIN_FIT = 0.88                 # the region and its four-cornered outline overlap this much (IoU): a sheet's
                                # edges are straight (measured: sheets 0.95-0.97; a big bright digit, ≤ 0.68)
_INSET = 0.015                  # the sheet's edge is left out: this share of its size
_MAX_SHEET_SIDE = 1280          # the straightened sheet is at most this big


def find_sheet(grey: np.ndarray) -> np.ndarray | None:
    """(4, 2) float32 corners of the sheet in `grey`'s pixels (clockwise from top left), or None."""
    h, w = grey.shape
    factor = _SIDE / max(h, w)
    # every few pixels, then smoothed (area averaging took 0.1 ms at 640×480; the blur smooths it enough)
    small = cv2.resize(grey, (max(8, round(w * factor)), max(8, round(h * factor))), interpolation=cv2.INTER_NEAREST)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    otsu, _ = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    found = [sheet for share in _LEVEL_SHARES if (sheet := _sheet_above(small, share * otsu)) is not None]
    if not found:
        return None
    _, corners = max(found, key=lambda sheet: sheet[0])
    return _inset(_clockwise(corners.reshape(4, 2)) / factor)


def _sheet_above(small: np.ndarray, level: float) -> tuple[int, np.ndarray] | None:
    """(area, four corners) of the largest region brighter than `level` that passes for a sheet."""
    bright = cv2.threshold(small, level, 255, cv2.THRESH_BINARY)[1]
    if _border_share(bright) > _MAX_BRIGHT_BORDER:
        return None                         # paper all around the border: the page fills the frame
    bright = cv2.morphologyEx(bright, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    # the largest bright region by its outline (connectedComponentsWithStats took 0.14 ms on this
    # 160×120 picture, the outlines 0.02)
    outlines, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not outlines:
        return None
    outline = max(outlines, key=cv2.contourArea)
    x, y, bw, bh = cv2.boundingRect(outline)
    sh, sw = small.shape
    if x <= 0 or y <= 0 or x + bw >= sw or y + bh >= sh:
        return None                                   # touches the border: the page fills the frame
    region = np.zeros(bright.shape, np.uint8)
    cv2.drawContours(region, [outline], -1, 1, thickness=cv2.FILLED)
    region = (region > 0) & (bright > 0)              # its holes (the sheet's ink) left out
    area = int(np.count_nonzero(region))
    if not _MIN_AREA * sh * sw <= area <= _MAX_AREA * sh * sw:
        return None
    if float(small[region].mean()) - float(small[~region].mean()) < _MIN_STEP:
        return None
    corners = _four_corners(outline)
    if corners is None or _fit(region, corners) < _MIN_FIT:
        return None
    return area, corners


def _border_share(bright: np.ndarray) -> float:
    ring = np.concatenate([bright[0], bright[-1], bright[:, 0], bright[:, -1]])
    return float(np.count_nonzero(ring)) / len(ring)


def _fit(region: np.ndarray, corners: np.ndarray) -> float:
    """Intersection over union of the region and the quadrilateral: a thick stroke of a digit may
    cover as much area as its four-cornered outline and still stick out of it all round."""
    outline = np.zeros(region.shape, np.uint8)
    cv2.fillConvexPoly(outline, corners.astype(np.int32).reshape(-1, 2), 1)
    inside = outline.astype(bool)
    return float(np.count_nonzero(region & inside)) / max(1, int(np.count_nonzero(region | inside)))


def _four_corners(outline: np.ndarray) -> np.ndarray | None:
    hull = cv2.convexHull(outline)
    perimeter = cv2.arcLength(hull, True)
    for share in (0.02, 0.04, 0.06, 0.08):
        polygon = cv2.approxPolyDP(hull, share * perimeter, True)
        if len(polygon) == 4:
            return polygon.astype(np.float32)
    return None


def _clockwise(points: np.ndarray) -> np.ndarray:
    """Top left, top right, bottom right, bottom left."""
    centre = points.mean(axis=0)
    angles = np.arctan2(points[:, 1] - centre[1], points[:, 0] - centre[0])
    ordered = points[np.argsort(angles)]                # from the left, through the top (y grows down)
    start = int(np.argmin(ordered.sum(axis=1)))
    return np.roll(ordered, -start, axis=0).astype(np.float32)


def _inset(corners: np.ndarray) -> np.ndarray:
    centre = corners.mean(axis=0)
    return (centre + (corners - centre) * (1 - 2 * _INSET)).astype(np.float32)


def straighten(grey: np.ndarray, corners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sheet seen from straight above (sides as long as the longer of each pair of its edges, at
    most _MAX_SHEET_SIDE), and the homography from that picture back to `grey`."""
    top, right, bottom, left = (np.linalg.norm(corners[(i + 1) % 4] - corners[i]) for i in range(4))
    width, height = max(top, bottom), max(left, right)
    factor = min(1.0, _MAX_SHEET_SIDE / max(width, height))
    width, height = max(8, round(width * factor)), max(8, round(height * factor))
    target = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    to_sheet = cv2.getPerspectiveTransform(corners.astype(np.float32), target)
    flat = cv2.warpPerspective(grey, to_sheet, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return flat, np.linalg.inv(to_sheet)
