"""The published datasets by name (MNIST, Fashion-MNIST, CIFAR-10): where to find them and in what order.

Order: Inkling's cache → Keras' cache → a download from the mirrors (into the cache) → for MNIST
only, the bundled sample, with a source that says so plainly.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from core import paths
from core.data.dataset import DIGIT_NAMES, DataError, Dataset, make_dataset
from core.data.download import Progress, RemoteFile, download
from core.data.formats import CIFAR10_CLASSES, idx_part, read_cifar_binary, read_idx, read_npz

log = logging.getLogger(__name__)

OFFLINE_VARIABLE = "INKLING_OFFLINE"

@dataclass(frozen=True)
class Mirror:
    layout: str                       # "npz", "idx" or "cifar-binary"
    files: tuple[RemoteFile, ...]


@dataclass(frozen=True)
class PublishedDataset:
    name: str
    title: str
    class_names: tuple[str, ...]
    mirrors: tuple[Mirror, ...]
    keras_cache: tuple[str, str] | None = None   # (layout, path inside Keras' datasets folder)


def _idx_mirror(base_url: str, md5s: dict[str, str]) -> Mirror:
    return Mirror("idx", tuple(RemoteFile(name, base_url + name, "md5:" + md5) for name, md5 in md5s.items()))


_MNIST_IDX_MD5 = {
    "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
}
_FASHION_IDX_MD5 = {
    "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
    "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
    "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
    "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
}
FASHION_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                   "Ankle boot")

# Tests swap entries of this table for ones that point at a local server.
PUBLISHED: dict[str, PublishedDataset] = {
    "mnist": PublishedDataset(
        "mnist", "MNIST", tuple(DIGIT_NAMES),
        mirrors=(
            Mirror("npz", (RemoteFile("mnist.npz",
                                      "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz",
                                      "sha256:731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"),)),
            _idx_mirror("https://ossci-datasets.s3.amazonaws.com/mnist/", _MNIST_IDX_MD5),
            _idx_mirror("http://yann.lecun.com/exdb/mnist/", _MNIST_IDX_MD5),
        ),
        keras_cache=("npz", "mnist.npz")),
    "fashion-mnist": PublishedDataset(
        "fashion-mnist", "Fashion-MNIST", FASHION_CLASSES,
        mirrors=(_idx_mirror("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/", _FASHION_IDX_MD5),),
        keras_cache=("idx", "fashion-mnist")),
    "cifar10": PublishedDataset(
        "cifar10", "CIFAR-10", tuple(CIFAR10_CLASSES),
        mirrors=(Mirror("cifar-binary", (RemoteFile("cifar-10-binary.tar.gz",
                                                    "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz",
                                                    "md5:c32a1d4ab5d03f1284b67883e8d87530"),)),)),
}


def cache_folder(name: str) -> Path:
    return paths.datasets_cache_dir() / name


def keras_datasets_dir() -> Path:
    """Keras' own download cache (KERAS_HOME moves it, as in Keras)."""
    return Path(os.environ.get("KERAS_HOME") or Path.home() / ".keras") / "datasets"


def downloads_allowed() -> bool:
    """INKLING_OFFLINE=1 turns every download off (test suites and machines without a network)."""
    return os.environ.get(OFFLINE_VARIABLE, "").strip().lower() not in ("1", "true", "yes")


def load_published(name: str, *, allow_download: bool = True, progress: Progress | None = None) -> Dataset:
    spec = PUBLISHED[name]
    allow_download = allow_download and downloads_allowed()
    found = _from_own_cache(spec) or _from_keras_cache(spec)
    if found is not None:
        return found
    if allow_download:
        downloaded, failures = _download(spec, progress)
        if downloaded is not None:
            return downloaded
        reason = f"could not download {spec.title}: {failures[0]}"
        if len(failures) > 1:
            reason += f" (and {len(failures) - 1} other mirror{'s' if len(failures) > 2 else ''} failed too)"
    else:
        reason = "it is not in the cache and downloading is turned off"
    if name == "mnist":
        log.warning("%s; using the bundled sample", reason)
        return load_sample(fallback_reason=reason)
    raise DataError(reason if allow_download else f"{spec.title} is not available: {reason}")


def _from_own_cache(spec: PublishedDataset) -> Dataset | None:
    for mirror in spec.mirrors:
        files = [cache_folder(spec.name) / remote.name for remote in mirror.files]
        if all(path.is_file() for path in files):
            try:
                return _dataset(spec, mirror.layout, files, f"{spec.title} from the cache ({files[0].parent})")
            except DataError as error:
                # Downloads are verified, so this is damage on disk: drop the copy so it is fetched again.
                log.warning("removing the damaged cached copy of %s: %s", spec.title, error)
                for path in files:
                    path.unlink(missing_ok=True)
    return None


def _from_keras_cache(spec: PublishedDataset) -> Dataset | None:
    if spec.keras_cache is None:
        return None
    layout, relative = spec.keras_cache
    location = keras_datasets_dir() / relative
    files = [location / remote.name for remote in spec.mirrors[0].files] if layout == "idx" else [location]
    if not all(path.is_file() for path in files):
        return None
    try:
        return _dataset(spec, layout, files, f"{spec.title} from Keras' cache ({location})")
    except DataError as error:
        log.warning("ignoring Keras' unreadable copy of %s: %s", spec.title, error)
        return None


def _download(spec: PublishedDataset, progress: Progress | None) -> tuple[Dataset | None, list[str]]:
    """The dataset from the first mirror that works, else None and each mirror's failure."""
    folder = cache_folder(spec.name)
    failures = []
    for mirror in spec.mirrors:
        try:
            files = []
            for remote in mirror.files:
                target = folder / remote.name
                if not target.is_file():
                    download(remote, target, progress)
                files.append(target)
            host = urlparse(mirror.files[0].url).netloc
            return _dataset(spec, mirror.layout, files, f"{spec.title} downloaded from {host} into {folder}"), []
        except DataError as error:
            failures.append(str(error))
    return None, failures


def _dataset(spec: PublishedDataset, layout: str, files: list[Path], source: str) -> Dataset:
    what = f"{spec.title} ({files[0].name})"
    if layout == "npz":
        arrays, _ = read_npz(files[0])
    elif layout == "idx":
        arrays = {idx_part(path.name): read_idx(path) for path in files}
    else:
        arrays, _ = read_cifar_binary(files[0])
    return make_dataset(spec.name, arrays["x_train"], arrays["y_train"], arrays.get("x_test"), arrays.get("y_test"),
                        source=source, class_names=list(spec.class_names), what=what)


def load_sample(fallback_reason: str | None = None) -> Dataset:
    """The MNIST sample shipped with Inkling; `fallback_reason` says why it stands in for MNIST."""
    if not paths.MNIST_SAMPLE.is_file():
        raise DataError(f"the bundled MNIST sample is missing from the installation ({paths.MNIST_SAMPLE})")
    arrays, _ = read_npz(paths.MNIST_SAMPLE)
    count = len(arrays["x_train"])
    if fallback_reason:
        source = (f"only the bundled sample of {count:,} digits is in use "
                  f"(MNIST could not be found or downloaded: {fallback_reason})")
    else:
        source = f"the bundled sample of {count:,} MNIST digits ({paths.MNIST_SAMPLE.name})"
    return make_dataset("sample", arrays["x_train"], arrays["y_train"], arrays.get("x_test"), arrays.get("y_test"),
                        source=source, class_names=list(DIGIT_NAMES), what="the bundled MNIST sample",
                        is_sample=True)
