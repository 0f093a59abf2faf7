"""Datasets kept as image files: the course's own format (an image folder plus a text file of
`filename label` lines) and one-folder-per-class trees.

Images are read with OpenCV once; the arrays then live in a cache (np.savez, no pickle) keyed by a
fingerprint of the files (paths, sizes, modification times), so a changed source is read again.
Unreadable images are skipped and counted, never fatal, unless none can be read.
"""
from __future__ import annotations

import hashlib
import locale
import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from core import paths
from core.data.dataset import MAX_CLASSES, DataError, Dataset, make_dataset
from core.fileio import atomic_path
from core.images import to_bgr8, to_grey_uint8

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".pgm", ".ppm", ".pbm", ".pnm"}
TRAIN_FOLDER_NAMES = ("train", "training")
TEST_FOLDER_NAMES = ("test", "testing")
MNIST_SIDE = 28
MAX_SIDE = 224           # larger pictures are scaled down: these networks train on small images
_PROBE_COUNT = 64        # images decoded first to choose the common size and colour
_CHUNK = 256             # images per thread task
_CACHE_VERSION = 1       # bump when the way images are converted changes


@dataclass
class ImageList:
    paths: list[str]             # strings: a dataset can list 70,000 of them
    labels: list[int]


@dataclass
class FolderLayout:
    """What a folder holds before any image is read."""
    name: str
    root: Path
    description: str             # plain words for Dataset.source
    train: ImageList
    test: ImageList | None
    class_names: list[str] | None
    label_files: list[Path]


# --- finding the layout -------------------------------------------------------------------------

def label_file_layout(txt: Path) -> FolderLayout:
    """One label file given by path: its images sit in the folder named like it, else beside it."""
    images = _parse_label_file(txt, _image_folder_for(txt))
    return FolderLayout(txt.stem, txt, f"the images listed in {txt}", images, None, None, [txt])


def find_folder_layout(folder: Path) -> FolderLayout | None:
    """The course's label-file layout or a class-folder tree inside `folder`; None when neither."""
    return _label_files_layout(folder) or _class_tree_layout(folder)


def _label_files_layout(folder: Path) -> FolderLayout | None:
    label_files = [txt for txt in sorted(folder.glob("*.txt")) if _looks_like_label_file(txt)]
    if not label_files:
        return None
    train_files = [txt for txt in label_files if "test" not in txt.stem.lower()]
    test_files = [txt for txt in label_files if "test" in txt.stem.lower()]
    if not train_files:
        raise DataError(f"the folder {folder} has only test label files ({', '.join(t.name for t in test_files)}); "
                        "a training set is needed too")
    train = _joined([_parse_label_file(txt, _image_folder_for(txt)) for txt in train_files])
    test = _joined([_parse_label_file(txt, _image_folder_for(txt)) for txt in test_files]) if test_files else None
    names = ", ".join(txt.name for txt in label_files)
    return FolderLayout(folder.name, folder, f"the images and label files ({names}) in {folder}",
                        train, test, None, label_files)


def _image_folder_for(txt: Path) -> Path:
    sibling = txt.with_suffix("")
    return sibling if sibling.is_dir() else txt.parent


def _looks_like_label_file(txt: Path) -> bool:
    """Its first line reads 'filename label' and one of its first files exists."""
    try:
        with open(txt, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    entries = [line.strip().rsplit(None, 1) for line in _decode(head).splitlines()]
    entries = [fields for fields in entries if fields and not fields[0].startswith("#")][:20]
    if not entries or len(entries[0]) != 2 or not _is_whole_number(entries[0][1]):
        return False
    folder = _image_folder_for(txt)
    return any(len(fields) == 2 and (folder / fields[0]).is_file() for fields in entries)


def _parse_label_file(txt: Path, image_folder: Path) -> ImageList:
    try:
        text = _decode(txt.read_bytes())
    except OSError as error:
        raise DataError(f"cannot read the label file {txt} ({error.strerror or error})") from None
    images, folder = ImageList([], []), str(image_folder)
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.rsplit(None, 1)
        if len(fields) != 2 or not _is_whole_number(fields[1]):
            raise DataError(f"line {number} of {txt.name} does not read 'filename label': {line[:60]!r}")
        label = int(fields[1])
        if not 0 <= label < MAX_CLASSES:
            raise DataError(f"line {number} of {txt.name} has label {label}, out of range (0 to {MAX_CLASSES - 1})")
        images.paths.append(os.path.join(folder, fields[0]))
        images.labels.append(label)
    if not images.paths:
        raise DataError(f"the label file {txt} lists no images")
    return images


def _class_tree_layout(folder: Path) -> FolderLayout | None:
    subfolders = {path.name.lower(): path for path in folder.iterdir() if path.is_dir()}
    train_root = next((subfolders[name] for name in TRAIN_FOLDER_NAMES if name in subfolders), None)
    test_root = next((subfolders[name] for name in TEST_FOLDER_NAMES if name in subfolders), None)
    train_classes = _class_folders(train_root or folder)
    if not train_classes:
        return None
    test_classes = _class_folders(test_root) if train_root and test_root else {}
    names = sorted(set(train_classes) | set(test_classes))
    if all(name.isdecimal() for name in names):
        label_of, class_names = {name: int(name) for name in names}, None   # "0".."9" are the digits
    else:
        label_of, class_names = {name: index for index, name in enumerate(names)}, names
    if max(label_of.values()) >= MAX_CLASSES:
        raise DataError(f"the class folders in {folder} are numbered beyond {MAX_CLASSES - 1}")
    train = _class_images(train_classes, label_of)
    test = _class_images(test_classes, label_of) if test_classes else None
    return FolderLayout(folder.name, folder, f"the class folders in {folder}", train, test, class_names, [])


def _class_folders(folder: Path) -> dict[str, list[Path]]:
    """Class name → its image files, for each non-hidden subfolder that holds images."""
    classes = {}
    for sub in sorted(folder.iterdir()):
        if sub.is_dir() and not sub.name.startswith("."):
            images = sorted(path for path in sub.rglob("*")
                            if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file())
            if images:
                classes[sub.name] = images
    return classes


def _class_images(classes: dict[str, list[Path]], label_of: dict[str, int]) -> ImageList:
    images = ImageList([], [])
    for name, files in classes.items():
        images.paths += map(str, files)
        images.labels += [label_of[name]] * len(files)
    return images


def _joined(lists: list[ImageList]) -> ImageList:
    return ImageList([p for part in lists for p in part.paths], [label for part in lists for label in part.labels])


def _is_whole_number(text: str) -> bool:
    return text.lstrip("+-").isdecimal()


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode(locale.getpreferredencoding(False), errors="replace")


# --- reading, with the cache ---------------------------------------------------------------------

def load_folder_layout(layout: FolderLayout) -> Dataset:
    files = [str(txt) for txt in layout.label_files] + layout.train.paths + (layout.test.paths if layout.test else [])
    fingerprint = _fingerprint(files)
    cache_file = cache_file_for(layout.root)
    arrays = _read_cache(cache_file, fingerprint)
    from_cache = arrays is not None
    if arrays is None:
        arrays = _read_all_images(layout)
        _write_cache(cache_file, fingerprint, arrays)
    skipped = int(arrays["skipped"])
    total = len(files) - len(layout.label_files)
    source = f"{layout.description} ({total:,} images"
    source += f", {skipped:,} unreadable and skipped" if skipped else ""
    source += ", read from Inkling's cache)" if from_cache else ")"
    return make_dataset(layout.name, arrays["x_train"], arrays["y_train"], arrays.get("x_test"), arrays.get("y_test"),
                        source=source, class_names=layout.class_names, what=layout.description, skipped=skipped)


def _read_all_images(layout: FolderLayout) -> dict[str, np.ndarray]:
    every_path = layout.train.paths + (layout.test.paths if layout.test else [])
    shape = _common_shape(every_path)
    images, readable = _read_images(every_path, shape)
    labels = np.array(layout.train.labels + (layout.test.labels if layout.test else []), np.int64)
    train_count = len(layout.train.paths)
    arrays = {"skipped": np.array(int((~readable).sum()))}
    splits = [("train", slice(0, train_count))] + ([("test", slice(train_count, None))] if layout.test else [])
    for split, part in splits:
        keep = readable[part]
        if not keep.any():
            raise DataError(f"none of the {keep.size:,} {split} images of {layout.description} could be read")
        arrays[f"x_{split}"] = images[part][keep]
        arrays[f"y_{split}"] = labels[part][keep]
    return arrays


def _common_shape(image_paths: list[str]) -> tuple[int, int, int]:
    """(H, W, C) for the whole set, from images spread over it: the most common size, grey unless
    colour is seen (28×28 is always grey: that is the MNIST world), at most MAX_SIDE on a side."""
    step = max(1, len(image_paths) // _PROBE_COUNT)
    probed = [image for image in map(decode_image, image_paths[::step]) if image is not None]
    if not probed:   # the spread missed every readable one: look for any
        first = next((image for image in map(decode_image, image_paths) if image is not None), None)
        probed = [first] if first is not None else []
    if not probed:
        raise DataError(f"none of the {len(image_paths):,} images could be read (folder {os.path.dirname(image_paths[0])})")
    height, width = Counter(image.shape[:2] for image in probed).most_common(1)[0][0]
    scale = min(1.0, MAX_SIDE / max(height, width))
    height, width = max(1, round(height * scale)), max(1, round(width * scale))
    colour = (height, width) != (MNIST_SIDE, MNIST_SIDE) and any(image.ndim == 3 for image in probed)
    return height, width, 3 if colour else 1


def _read_images(image_paths: list[str], shape: tuple[int, int, int]) -> tuple[np.ndarray, np.ndarray]:
    """All images as one uint8 (N, H, W, C) array, and which of them could be read."""
    images = np.zeros((len(image_paths),) + shape, np.uint8)
    readable = np.zeros(len(image_paths), bool)

    def read_chunk(start: int) -> None:
        for index in range(start, min(start + _CHUNK, len(image_paths))):
            image = decode_image(image_paths[index])
            if image is not None:
                images[index] = fit_image(image, shape)
                readable[index] = True

    # OpenCV decodes without holding the GIL, so threads read in parallel.
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        list(pool.map(read_chunk, range(0, len(image_paths), _CHUNK)))
    return images, readable


def decode_image(path: str | Path) -> np.ndarray | None:
    """uint8 grey (H, W) or RGB (H, W, 3), or None when the file cannot be read as an image.
    np.fromfile + imdecode also works for non-ASCII paths on Windows, where cv2.imread fails."""
    try:
        buffer = np.fromfile(path, np.uint8)
    except (OSError, ValueError):
        return None
    image = cv2.imdecode(buffer, cv2.IMREAD_UNCHANGED) if buffer.size else None
    if image is None or image.size == 0:
        return None
    if image.ndim == 2 or image.shape[2] == 1:
        return to_grey_uint8(image)
    image = to_bgr8(image)
    if (image[:, :, 0] == image[:, :, 1]).all() and (image[:, :, 1] == image[:, :, 2]).all():
        return np.ascontiguousarray(image[:, :, 0])
    return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)


def fit_image(image: np.ndarray, shape: tuple[int, int, int]) -> np.ndarray:
    """`image` converted to `shape` (H, W, C): grey or RGB, scaled to fit keeping its aspect ratio,
    the rest filled with the colour of its border."""
    height, width, channels = shape
    if channels == 1 and image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    elif channels == 3 and image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    if image.shape[:2] != (height, width):
        scale = min(height / image.shape[0], width / image.shape[1])
        size = (max(1, round(image.shape[1] * scale)), max(1, round(image.shape[0] * scale)))
        resized = cv2.resize(image, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
        canvas = np.empty((height, width) + image.shape[2:], np.uint8)
        canvas[...] = _border_colour(image)
        top, left = (height - size[1]) // 2, (width - size[0]) // 2
        canvas[top:top + size[1], left:left + size[0]] = resized
        image = canvas
    return image.reshape(height, width, channels)


def _border_colour(image: np.ndarray) -> np.ndarray:
    border = np.concatenate([image[0], image[-1], image[:, 0], image[:, -1]])
    return np.median(border, axis=0).astype(np.uint8)


def _fingerprint(files: list[str]) -> str:
    digest = hashlib.sha256(f"inkling-folder-cache-{_CACHE_VERSION}\n".encode())
    for path in files:
        try:
            info = os.stat(path)
            entry = f"{path}\t{info.st_size}\t{info.st_mtime_ns}\n"
        except OSError:
            entry = f"{path}\tmissing\n"
        digest.update(entry.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def cache_file_for(root: Path) -> Path:
    """One cache file per source folder (or label file): a changed source replaces its entry."""
    key = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return paths.datasets_cache_dir() / "folders" / f"{key}.npz"


def _read_cache(cache_file: Path, fingerprint: str) -> dict[str, np.ndarray] | None:
    if not cache_file.is_file():
        return None
    try:
        with np.load(cache_file, allow_pickle=False) as stored:
            if str(stored["fingerprint"]) != fingerprint:
                return None
            return {key: stored[key] for key in stored.files if key != "fingerprint"}
    except (OSError, ValueError, KeyError, EOFError):
        return None   # a damaged cache is simply read again from the source


def _write_cache(cache_file: Path, fingerprint: str, arrays: dict[str, np.ndarray]) -> None:
    try:
        with atomic_path(cache_file) as tmp, open(tmp, "wb") as handle:
            np.savez(handle, fingerprint=np.array(fingerprint), **arrays)
    except OSError:
        pass   # no room for the cache: the data is still good, it will just be read again next time
