"""load_dataset: a dataset by name ("mnist", "fashion-mnist", "cifar10", "sample") or by path."""
from __future__ import annotations

from pathlib import Path

from core.data.dataset import DIGIT_NAMES, DataError, Dataset, make_dataset
from core.data.download import Progress
from core.data.folders import find_folder_layout, label_file_layout, load_folder_layout
from core.data.formats import find_idx_files, idx_part, is_cifar_folder, read_cifar_binary, read_idx_folder, read_npz
from core.data.published import FASHION_CLASSES, load_published, load_sample

DATASET_NAMES = ("mnist", "fashion-mnist", "cifar10", "sample")
_ALIASES = {"mnist": "mnist", "fashion-mnist": "fashion-mnist", "fashion_mnist": "fashion-mnist",
            "fashion": "fashion-mnist", "cifar10": "cifar10", "cifar-10": "cifar10", "sample": "sample"}
_ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar")
_WHAT_IS_READ = ("a Keras-style .npz, IDX files, cifar-10-binary.tar.gz, a 'filename label' .txt, "
                 "or a folder of these or of one subfolder of images per class")


def load_dataset(name_or_path: str | Path, *, allow_download: bool = True,
                 progress: Progress | None = None) -> Dataset:
    """The dataset named, or read from the path given. Raises DataError with one plain sentence.

    progress(bytes_done, bytes_total) follows a download (total 0 when the server does not say).
    """
    name = _ALIASES.get(str(name_or_path).strip().lower())
    if name == "sample":
        return load_sample()
    if name is not None:
        return load_published(name, allow_download=allow_download, progress=progress)
    path = Path(name_or_path).expanduser()
    if not path.exists():
        if len(path.parts) > 1 or path.suffix:
            raise DataError(f"there is no file or folder at {path}")
        raise DataError(f"there is no dataset named '{name_or_path}' and no file or folder of that name "
                        f"(the names are: {', '.join(DATASET_NAMES)})")
    return _load_folder(path) if path.is_dir() else _load_file(path)


def _load_file(path: Path) -> Dataset:
    lower = path.name.lower()
    if lower.endswith(".npz"):
        arrays, class_names = read_npz(path)
        return _from_arrays(path.stem, arrays, f"the file {path}", class_names, f"the file {path.name}")
    if lower.endswith(".txt"):
        return load_folder_layout(label_file_layout(path))
    if lower.endswith(_ARCHIVE_SUFFIXES):
        arrays, class_names = read_cifar_binary(path)
        return _from_arrays("cifar10", arrays, f"the CIFAR-10 archive {path}", class_names, path.name)
    if idx_part(path.name):
        return _load_idx(path.parent)
    raise DataError(f"cannot read {path.name} as a dataset; Inkling reads {_WHAT_IS_READ}")


def _load_folder(folder: Path) -> Dataset:
    try:
        if not any(folder.iterdir()):
            raise DataError(f"the folder {folder} is empty")
    except PermissionError:
        raise DataError(f"cannot open the folder {folder} (permission denied)") from None
    if find_idx_files(folder):
        return _load_idx(folder)
    if is_cifar_folder(folder):
        arrays, class_names = read_cifar_binary(folder)
        return _from_arrays("cifar10", arrays, f"the CIFAR-10 files in {folder}", class_names, folder.name)
    layout = find_folder_layout(folder)
    if layout is None:
        raise DataError(f"found no dataset in the folder {folder}; Inkling reads {_WHAT_IS_READ}")
    return load_folder_layout(layout)


def _load_idx(folder: Path) -> Dataset:
    # IDX is the MNIST family's format; Fashion-MNIST is told apart by its folder's name.
    names = list(FASHION_CLASSES) if "fashion" in str(folder).lower() else DIGIT_NAMES
    return _from_arrays(folder.name, read_idx_folder(folder), f"the IDX files in {folder}", names,
                        f"the IDX files in {folder.name}")


def _from_arrays(name: str, arrays: dict, source: str, class_names: list[str] | None, what: str) -> Dataset:
    return make_dataset(name, arrays["x_train"], arrays["y_train"], arrays.get("x_test"), arrays.get("y_test"),
                        source=source, class_names=class_names, what=what)
