"""`detect FILE...`: find and read every digit in pictures, folders, videos, or a camera."""
from __future__ import annotations

import argparse
from pathlib import Path

from core.cli.arguments import UsageError, add_backend_argument, non_negative_int, positive_int, probability
from core.cli.output import emit, say
from core.fileio import UserError, write_bytes_atomic

_IMAGE_OUT = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="pictures, folders of pictures, or videos")
    parser.add_argument("--out", default=None, metavar="PATH",
                        help="write the annotated picture (one picture in) or video (a video or camera in)")
    parser.add_argument("--camera", type=non_negative_int, default=None, metavar="N",
                        help="read camera N instead of files")
    parser.add_argument("--threshold", type=probability, default=0.5, metavar="P",
                        help="report digits read with at least this confidence, 0..1")
    parser.add_argument("--max-frames", type=positive_int, default=None, metavar="N",
                        help="stop after N frames of each video or the camera (default: all of them)")
    add_backend_argument(parser, "the 8-bit model when it reads the shipped sample's digits as the float "
                                 "one does and is faster here, else ONNX Runtime when it is faster")


def run(args) -> int:
    from core import media

    _check_arguments(args)
    specs = [media.CameraSpec(args.camera)] if args.camera is not None else media.expand_inputs(args.files)
    if args.out and len(specs) != 1:
        raise UserError("--out needs exactly one input (a picture, a video or a camera).")
    pipeline = None              # the model loads once the first input opened (a bad one fails fast)
    failures = 0
    for spec in specs:
        try:
            source = media.open_source(spec)
        except UserError as error:
            if len(specs) == 1:
                raise
            failures += 1
            say(f"error: {error}")
            continue
        with source:
            pipeline = pipeline or _pipeline(args)
            _run_source(source, spec, pipeline, args)
    if failures and failures == len(specs):
        raise UserError("none of the inputs could be read")
    return 1 if failures else 0


def _check_arguments(args) -> None:
    if not args.files and args.camera is None:
        raise UsageError("give one or more pictures, folders or videos, or --camera N")
    if args.files and args.camera is not None:
        raise UsageError("give files or --camera N, not both")


def _pipeline(args):
    from core.inference import default_backend, load_classifier
    from core.pipeline import Pipeline

    classifier = load_classifier(args.model, args.device, backend=args.backend)
    if (args.backend or default_backend()) == "auto":
        classifier = classifier.for_live_frames()
    return Pipeline(classifier, confidence_threshold=args.threshold)


def _run_source(source, spec, pipeline, args) -> None:
    from core import media

    is_still = source.frame_count == 1 and source.fps == 0
    out = Path(args.out) if args.out else None
    if out is not None:
        _check_out_suffix(out, is_still)
    recorder = None
    path_text = str(spec) if not isinstance(spec, media.CameraSpec) else source.name
    frames = 0
    try:
        while args.max_frames is None or frames < args.max_frames:
            frame = source.read()
            if frame is None:
                break
            if frame.notice:
                say(frame.notice)
            result = pipeline.process(frame.image, annotate=out is not None)
            frames += 1
            _report(path_text, frame.index, result, args.json, is_still)
            if out is not None and is_still:
                _write_picture(out, result.annotated)
            elif out is not None:
                if recorder is None:
                    height, width = result.annotated.shape[:2]
                    recorder = media.Recorder(out, source.fps, (width, height))
                recorder.write(result.annotated)
    except KeyboardInterrupt:
        if not source.is_live:
            raise                              # a camera runs until stopped; a file was cut short
    finally:
        if recorder is not None:
            recorder.close()
    if frames == 0:
        raise UserError(f"{source.name} gave no frames")


def _check_out_suffix(out: Path, is_still: bool) -> None:
    suffix = out.suffix.lower()
    if is_still and suffix not in _IMAGE_OUT:
        raise UserError(f"--out for a picture must end in one of {', '.join(_IMAGE_OUT)}")
    if not is_still and suffix not in (".mp4", ".avi", ".mkv", ".mov", ".m4v"):
        raise UserError("--out for a video or camera must end in .mp4, .avi, .mkv or .mov")


def _write_picture(out: Path, image) -> None:
    import cv2

    ok, encoded = cv2.imencode(out.suffix.lower(), image)
    if not ok:
        raise UserError(f"{out} could not be written as a picture")
    try:
        write_bytes_atomic(out, encoded.tobytes())
    except OSError as error:
        raise UserError(f"{out} could not be written ({error.strerror or error})") from None


def _report(path_text: str, frame_index: int, result, as_json: bool, is_still: bool) -> None:
    ms = result.timings["total"]
    if as_json:
        emit({"path": path_text, "frame": frame_index,
              "detections": [{"box": [int(v) for v in d.box], "label": d.label,
                              "confidence": round(d.confidence, 6)} for d in result.detections],
              "ms": round(ms, 3)})
        return
    where = path_text if is_still else f"{path_text} frame {frame_index}"
    count = len(result.detections)
    reading = result.reading() or "no digits"
    print(f"{where}: {reading} ({count} digit{'s' if count != 1 else ''}, {ms:.1f} ms)", flush=True)
