"""Readers for the published file formats: Keras' mnist.npz, IDX (MNIST, Fashion-MNIST) and the
CIFAR-10 binary version. Each returns arrays; make_dataset checks them."""
from __future__ import annotations

import gzip
import re
import tarfile
import zipfile
import zlib
from pathlib import Path

import numpy as np

from core.data.dataset import DataError

# --- Keras-style .npz ---------------------------------------------------------------------------

NPZ_KEYS = ("x_train", "y_train", "x_test", "y_test")


def read_npz(path: Path) -> tuple[dict[str, np.ndarray], list[str] | None]:
    """The arrays of a Keras-style .npz (x_train, y_train and optionally x_test, y_test, class_names)."""
    try:
        with np.load(path, allow_pickle=False) as archive:
            missing = [key for key in ("x_train", "y_train") if key not in archive.files]
            if missing:
                raise DataError(f"the file {path.name} has no {' or '.join(missing)} array "
                                f"(it has: {', '.join(archive.files) or 'nothing'})")
            arrays = {key: archive[key] for key in NPZ_KEYS if key in archive.files}
            names = [str(name) for name in archive["class_names"]] if "class_names" in archive.files else None
    except DataError:
        raise
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError) as error:
        raise DataError(f"the file {path.name} is not a readable .npz archive ({_reason(error)})") from None
    return arrays, names


# --- IDX (the MNIST file format) -----------------------------------------------------------------

_IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
# Each part of an IDX dataset: which file names it may have.
_IDX_PARTS = {
    "x_train": re.compile(r"^train-images[.-]idx3-ubyte(\.gz)?$"),
    "y_train": re.compile(r"^train-labels[.-]idx1-ubyte(\.gz)?$"),
    "x_test": re.compile(r"^t10k-images[.-]idx3-ubyte(\.gz)?$"),
    "y_test": re.compile(r"^t10k-labels[.-]idx1-ubyte(\.gz)?$"),
}


def read_idx(path: Path) -> np.ndarray:
    """One IDX file (gzipped or not) as an array of its declared shape."""
    try:
        data = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
    except (OSError, EOFError, zlib.error) as error:
        raise DataError(f"the file {path.name} is damaged or not gzip ({_reason(error)})") from None
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in _IDX_TYPES or data[3] == 0:
        raise DataError(f"the file {path.name} is not an IDX file (wrong magic number)")
    dtype, ndim = np.dtype(_IDX_TYPES[data[2]]), data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise DataError(f"the file {path.name} is truncated (its header is incomplete)")
    shape = tuple(int(size) for size in np.frombuffer(data, ">u4", count=ndim, offset=4))
    expected = int(np.prod(shape)) * dtype.itemsize
    if len(data) - header != expected:
        raise DataError(f"the file {path.name} is truncated or padded: it holds {len(data) - header:,} bytes "
                        f"of data, its header promises {expected:,}")
    return np.frombuffer(data, dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))


def idx_part(file_name: str) -> str | None:
    """Which part of an MNIST-style dataset an IDX file holds ("x_train", ...), by its name."""
    for part, pattern in _IDX_PARTS.items():
        if pattern.match(file_name):
            return part
    return None


def find_idx_files(folder: Path) -> dict[str, Path]:
    """The IDX files of an MNIST-style folder by part name; only the parts that are there."""
    found: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        part = idx_part(path.name)
        if part and path.is_file():
            found.setdefault(part, path)
    return found


def read_idx_folder(folder: Path) -> dict[str, np.ndarray]:
    """x_train, y_train and, when both are present, x_test, y_test from a folder of IDX files."""
    files = find_idx_files(folder)
    missing = [part for part in ("x_train", "y_train") if part not in files]
    if missing:
        names = {"x_train": "train-images-idx3-ubyte.gz", "y_train": "train-labels-idx1-ubyte.gz"}
        raise DataError(f"the folder {folder} lacks {' and '.join(names[part] for part in missing)}")
    parts = ("x_train", "y_train", "x_test", "y_test") if "x_test" in files and "y_test" in files \
        else ("x_train", "y_train")
    return {part: read_idx(files[part]) for part in parts}


# --- CIFAR-10, binary version ---------------------------------------------------------------------

CIFAR10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
_CIFAR_SIDE = 32
_CIFAR_RECORD = 1 + 3 * _CIFAR_SIDE * _CIFAR_SIDE   # label byte, then the red, green and blue planes
_CIFAR_TRAIN = [f"data_batch_{index}.bin" for index in range(1, 6)]
_CIFAR_TEST = "test_batch.bin"
_CIFAR_META = "batches.meta.txt"


def read_cifar_binary(path: Path) -> tuple[dict[str, np.ndarray], list[str]]:
    """CIFAR-10 from cifar-10-binary.tar.gz or its unpacked cifar-10-batches-bin folder."""
    members = _cifar_members_from_tar(path) if path.is_file() else _cifar_members_from_folder(path)
    missing = [name for name in _CIFAR_TRAIN + [_CIFAR_TEST] if name not in members]
    if missing:
        raise DataError(f"{path.name} is not the CIFAR-10 binary version: {', '.join(missing)} missing")
    x_train, y_train = zip(*(_cifar_records(members[name], name) for name in _CIFAR_TRAIN))
    x_test, y_test = _cifar_records(members[_CIFAR_TEST], _CIFAR_TEST)
    names = _cifar_class_names(members.get(_CIFAR_META))
    arrays = {"x_train": np.concatenate(x_train), "y_train": np.concatenate(y_train),
              "x_test": x_test, "y_test": y_test}
    return arrays, names


def _cifar_members_from_tar(path: Path) -> dict[str, bytes]:
    """The wanted members' bytes, read by base name (nothing is extracted to disk)."""
    wanted = set(_CIFAR_TRAIN) | {_CIFAR_TEST, _CIFAR_META}
    members: dict[str, bytes] = {}
    try:
        with tarfile.open(path, "r:*") as archive:
            for member in archive:
                name = Path(member.name).name
                if member.isfile() and name in wanted:
                    members[name] = archive.extractfile(member).read()
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise DataError(f"the archive {path.name} is damaged or truncated ({_reason(error)})") from None
    return members


def _cifar_members_from_folder(folder: Path) -> dict[str, bytes]:
    if (folder / "cifar-10-batches-bin").is_dir():
        folder = folder / "cifar-10-batches-bin"
    return {path.name: path.read_bytes() for path in folder.iterdir()
            if path.name in set(_CIFAR_TRAIN) | {_CIFAR_TEST, _CIFAR_META}}


def _cifar_records(data: bytes, name: str) -> tuple[np.ndarray, np.ndarray]:
    if len(data) == 0 or len(data) % _CIFAR_RECORD:
        raise DataError(f"the CIFAR-10 file {name} is truncated ({len(data):,} bytes is not a whole "
                        f"number of {_CIFAR_RECORD}-byte records)")
    records = np.frombuffer(data, np.uint8).reshape(-1, _CIFAR_RECORD)
    images = records[:, 1:].reshape(-1, 3, _CIFAR_SIDE, _CIFAR_SIDE).transpose(0, 2, 3, 1)
    return np.ascontiguousarray(images), records[:, 0].astype(np.int64)


def _cifar_class_names(meta: bytes | None) -> list[str]:
    if meta is None:
        return list(CIFAR10_CLASSES)
    names = [line.strip() for line in meta.decode("ascii", "replace").splitlines() if line.strip()]
    return names if len(names) == len(CIFAR10_CLASSES) else list(CIFAR10_CLASSES)


def is_cifar_folder(folder: Path) -> bool:
    inner = folder / "cifar-10-batches-bin"
    return (folder / _CIFAR_TEST).is_file() or (inner / _CIFAR_TEST).is_file()


def _reason(error: BaseException) -> str:
    text = str(error).strip().rstrip(".")
    return text or type(error).__name__
