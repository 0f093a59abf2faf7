"""The user's own digits: a personal dataset kept in the course's own-dataset format.

An image folder plus a `name label` text file (`digits/` and `digits.txt` in the user data folder's
`personal/`), so the same files open in any tool that reads the course's format, and Inkling reads them
back with core.data.folders' reader like any other own dataset. Each image is the 28×28 input the
network saw (white digit on black, core.preprocess's recipe), so fine-tuning learns from exactly what
the Draw tab or the detector read. Every change rewrites the label file atomically; an image is written
before the line that names it and deleted after it, so a crash never leaves a line without its image.
"""
from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from core import paths
from core.data.dataset import DataError, Dataset
from core.data.folders import decode_image, label_file_layout, load_folder_layout
from core.fileio import UserError, write_bytes_atomic, write_text_atomic

FOLDER_NAME = "personal"
LABEL_FILE_NAME = "digits.txt"          # its images sit in the folder named like it: digits/
DIGIT_SIDE = 28
_lock = threading.Lock()                # the panel and a worker thread may both write
_counter = itertools.count()


@dataclass(frozen=True)
class PersonalDigit:
    name: str          # the image's file name, as the label file lists it
    label: int
    path: Path


def personal_dir() -> Path:
    return paths.user_data_dir() / FOLDER_NAME


def label_file(folder: Path | None = None) -> Path:
    return (folder or personal_dir()) / LABEL_FILE_NAME


def images_dir(folder: Path | None = None) -> Path:
    return label_file(folder).with_suffix("")


def list_digits(folder: Path | None = None) -> list[PersonalDigit]:
    """Every digit the label file lists, in its order (oldest first); [] when there are none yet."""
    txt = label_file(folder)
    if not txt.is_file():
        return []
    layout = label_file_layout(txt)       # core.data.folders owns how the format is read
    return [PersonalDigit(Path(path).name, label, Path(path))
            for path, label in zip(layout.train.paths, layout.train.labels)]


def add_digit(image: np.ndarray, label: int, folder: Path | None = None) -> PersonalDigit:
    """Store one digit picture (the 28×28 network input, float 0..1 or uint8) with its true label."""
    label = _checked_label(label)
    pixels = _as_digit_pixels(image)
    with _lock:
        digits = list_digits(folder)
        target = _new_image_path(images_dir(folder), {digit.name for digit in digits})
        name = target.name
        write_bytes_atomic(target, _png(pixels))
        added = PersonalDigit(name, label, target)
        _write_label_file(digits + [added], folder)
    return added


def relabel_digit(name: str, label: int, folder: Path | None = None) -> PersonalDigit:
    label = _checked_label(label)
    with _lock:
        digits = list_digits(folder)
        changed = PersonalDigit(name, label, _find(digits, name).path)
        _write_label_file([changed if digit.name == name else digit for digit in digits], folder)
    return changed


def delete_digit(name: str, folder: Path | None = None) -> None:
    with _lock:
        digits = list_digits(folder)
        gone = _find(digits, name)
        _write_label_file([digit for digit in digits if digit.name != name], folder)
        gone.path.unlink(missing_ok=True)


def read_digit(digit: PersonalDigit) -> np.ndarray | None:
    """The stored picture as uint8 (28, 28), or None when the file is missing or damaged."""
    image = decode_image(digit.path)
    return None if image is None or image.ndim != 2 else image


def load_personal(folder: Path | None = None) -> Dataset:
    """The personal digits as a Dataset, read by core.data.folders (unreadable images skipped, counted)."""
    txt = label_file(folder)
    if not txt.is_file():
        raise DataError("Your personal dataset is empty: tell Inkling what a few of your digits really are first "
                        "(in the Draw tab), or give a folder of digits.")
    return load_folder_layout(label_file_layout(txt))


def counts_by_label(digits: list[PersonalDigit]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for digit in digits:
        counts[digit.label] = counts.get(digit.label, 0) + 1
    return dict(sorted(counts.items()))


def _write_label_file(digits: list[PersonalDigit], folder: Path | None) -> None:
    txt = label_file(folder)
    if not digits:
        txt.unlink(missing_ok=True)     # the reader refuses a label file that lists nothing
        return
    write_text_atomic(txt, "".join(f"{digit.name} {digit.label}\n" for digit in digits))


def _find(digits: list[PersonalDigit], name: str) -> PersonalDigit:
    for digit in digits:
        if digit.name == name:
            return digit
    raise UserError(f"There is no digit named {name} in your personal dataset.")


def _checked_label(label) -> int:
    if isinstance(label, bool) or not isinstance(label, (int, np.integer)) or not 0 <= int(label) <= 9:
        raise UserError(f"A digit's label is a whole number from 0 to 9, not {label!r}.")
    return int(label)


def _as_digit_pixels(image: np.ndarray) -> np.ndarray:
    image = np.asarray(image)
    if image.ndim == 3 and image.shape[-1] == 1:
        image = image[..., 0]
    if image.shape != (DIGIT_SIDE, DIGIT_SIDE):
        raise UserError(f"A personal digit is a 28×28 picture, not one of shape {image.shape}.")
    if image.dtype.kind == "f":
        image = np.rint(np.clip(np.nan_to_num(image), 0.0, 1.0) * 255.0)
    pixels = np.clip(image, 0, 255).astype(np.uint8)
    if not pixels.any():
        raise UserError("There is no digit to save: the picture is blank.")
    return pixels


def _png(pixels: np.ndarray) -> bytes:
    ok, encoded = cv2.imencode(".png", pixels)
    if not ok:
        raise UserError("The digit could not be encoded as a PNG picture.")
    return encoded.tobytes()


def _new_image_path(folder: Path, taken: set[str]) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    while True:
        path = folder / f"digit-{stamp}-{next(_counter):04d}.png"
        if path.name not in taken and not path.exists():
            return path
