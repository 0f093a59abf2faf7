"""Per-kind quality of the whole pipeline on generated pages (tests/pages.py KINDS), as figures.

found: share of the written digits boxed (IoU ≥ 0.5); real: share of the reported boxes that are
written digits; read: share of the found digits read right; in order: share of all written digits read
right and in writing order. Run: python -m tests.page_quality [PAGES_PER_KIND (60)] [KIND...]
"""
from __future__ import annotations

import sys
import time

from tests.pages import KINDS, make_kind, match_boxes, read_in_order


def measure_kind(pipeline, kind: str, seeds) -> dict:
    written = reported = found = right = in_order = 0
    for seed in seeds:
        page = make_kind(kind, seed)
        result = pipeline.process(page.image, annotate=False)
        boxes = [d.box for d in result.detections]
        matches = match_boxes(page.boxes, boxes)
        written += len(page.boxes)
        reported += len(boxes)
        found += len(matches)
        right += sum(result.detections[j].label == page.labels[i] for i, j in matches)
        in_order += read_in_order(page.labels, page.boxes, [(d.box, d.label) for d in result.detections])
    return {"kind": kind, "digits": written, "found": found / max(1, written), "real": found / max(1, reported),
            "read": right / max(1, found), "in_order": in_order / max(1, written)}


def main(argv: list[str]) -> None:
    from core.inference import load_classifier
    from core.pipeline import Pipeline

    pages = int(argv[0]) if argv else 60
    kinds = argv[1:] or list(KINDS)
    pipeline = Pipeline(load_classifier(None, "cpu").for_live_frames())     # as the Images & video tab reads
    print(f"{'kind':14} {'digits':>6} {'found':>7} {'real':>7} {'read':>7} {'in order':>8}  s")
    for kind in kinds:
        start = time.perf_counter()
        row = measure_kind(pipeline, kind, range(pages))
        print(f"{kind:14} {row['digits']:6d} {row['found']:7.1%} {row['real']:7.1%} {row['read']:7.1%} "
              f"{row['in_order']:8.1%}  {time.perf_counter() - start:.0f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
