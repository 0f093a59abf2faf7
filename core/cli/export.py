"""`export`: a model bundle written as ONNX, a .pt state dict, a .keras model or the course's weights.txt,
with the class names and the preprocessing recorded beside it (PATH.json; core.export owns the formats)."""
from __future__ import annotations

import argparse

from core.cli.output import emit, say


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from core.export import FORMATS

    parser.add_argument("--format", choices=FORMATS, default="onnx",
                        help="onnx (for ONNX Runtime), pt (PyTorch state dict), keras (a whole Keras model, "
                             "for Keras bundles) or weights-txt (every tensor as text)")
    parser.add_argument("--out", required=True, metavar="PATH",
                        help="the file to write (.onnx, .pt, .keras or .txt); its description goes to PATH.json")


def run(args) -> int:
    from core.export import export_model, sidecar_path
    from core.registry import find_bundle

    bundle = find_bundle(args.model)
    say(f"exporting {bundle.name} as {args.format}…")
    path = export_model(bundle.path, args.format, args.out)
    if args.json:
        emit({"model": bundle.name, "format": args.format, "path": str(path)})
    else:
        print(f"{path} (described in {sidecar_path(path)})")
    return 0
