"""`predict FILE...`: each picture read as one digit, any size, colour or polarity."""
from __future__ import annotations

import argparse

from core.cli.arguments import add_backend_argument
from core.cli.output import emit, say
from core.fileio import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="pictures of one digit each, or folders of them")
    add_backend_argument(parser, "ONNX Runtime when it is faster here and gives the same probabilities")


def run(args) -> int:
    from core.inference import load_classifier
    from core.media import expand_inputs, read_image
    from core.preprocess import to_mnist

    files = expand_inputs(args.files)
    classifier = load_classifier(args.model, args.device, backend=args.backend)
    failures = 0
    for path in files:
        try:
            image = read_image(path)
        except UserError as error:
            if len(files) == 1:
                raise
            failures += 1
            say(f"error: {error}")
            continue
        probabilities = classifier.predict_one(to_mnist(image))
        label = int(probabilities.argmax())
        record = {"path": str(path), "label": label, "confidence": round(float(probabilities[label]), 6),
                  "probabilities": [round(float(p), 6) for p in probabilities]}
        if args.json:
            emit(record)
        else:
            print(f"{path}: {label} ({record['confidence']:.1%})")
    if failures == len(files):
        raise UserError("none of the pictures could be read")
    return 1 if failures else 0
