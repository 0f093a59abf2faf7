"""core.data: every dataset format read from small files written here in the official layouts,
broken files rejected with their message, downloads from a real HTTP server on 127.0.0.1, the cache."""
from __future__ import annotations

import dataclasses
import functools
import gzip
import hashlib
import io
import os
import socket
import struct
import tarfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import cv2
import numpy as np
import pytest

from core import paths
from core.data import DATASET_NAMES, DataError, load_dataset
from core.data import published
from core.data.dataset import DIGIT_NAMES
from core.data.download import RemoteFile
from core.data.folders import cache_file_for
from core.data.published import Mirror


@pytest.fixture(autouse=True)
def isolated_homes(tmp_path, monkeypatch):
    monkeypatch.setenv("INKLING_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.delenv("INKLING_OFFLINE", raising=False)     # downloads here go to 127.0.0.1 only


# --- writers of the official formats ----------------------------------------------------------------

def digits(count: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (count, 28, 28), dtype=np.uint8), rng.integers(0, 10, count).astype(np.uint8)


def idx_bytes(array: np.ndarray, type_code: int = 0x08) -> bytes:
    header = bytes([0, 0, type_code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.tobytes()


def write_idx(path: Path, array: np.ndarray) -> Path:
    data = idx_bytes(np.asarray(array, np.uint8))
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def write_idx_folder(folder: Path, suffix: str = ".gz", train: int = 12, test: int = 5) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    x_train, y_train = digits(train, 1)
    x_test, y_test = digits(test, 2)
    write_idx(folder / f"train-images-idx3-ubyte{suffix}", x_train)
    write_idx(folder / f"train-labels-idx1-ubyte{suffix}", y_train)
    write_idx(folder / f"t10k-images-idx3-ubyte{suffix}", x_test)
    write_idx(folder / f"t10k-labels-idx1-ubyte{suffix}", y_test)
    return {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


def cifar_batch(count: int, seed: int) -> tuple[bytes, np.ndarray, np.ndarray]:
    """`count` records: a label byte, then 1024 red, 1024 green, 1024 blue bytes (row-major 32×32)."""
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, (count, 32, 32, 3), dtype=np.uint8)
    labels = rng.integers(0, 10, count).astype(np.uint8)
    planes = images.transpose(0, 3, 1, 2).reshape(count, -1)
    return np.concatenate([labels[:, None], planes], axis=1).tobytes(), images, labels


def write_cifar_tar(path: Path, per_batch: int = 3, truncate_test: bool = False) -> dict:
    members, x_train, y_train = {}, [], []
    for index in range(1, 6):
        data, images, labels = cifar_batch(per_batch, index)
        members[f"data_batch_{index}.bin"] = data
        x_train.append(images)
        y_train.append(labels)
    data, x_test, y_test = cifar_batch(per_batch, 9)
    members["test_batch.bin"] = data[:-100] if truncate_test else data
    members["batches.meta.txt"] = "\n".join(published.CIFAR10_CLASSES).encode() + b"\n\n"
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(f"cifar-10-batches-bin/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return {"x_train": np.concatenate(x_train), "y_train": np.concatenate(y_train), "x_test": x_test,
            "y_test": y_test}


def write_image(path: Path, image: np.ndarray) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    ok, encoded = cv2.imencode(path.suffix, image)
    assert ok
    encoded.tofile(path)   # works for non-ASCII paths too
    return path


def digit_picture(label: int, size: int = 28) -> np.ndarray:
    """A grey picture that tells its label apart: a bar at a row depending on the label."""
    image = np.zeros((size, size), np.uint8)
    image[2 + 2 * label: 4 + 2 * label, 4:size - 4] = 200 + label
    return image


def write_course_dataset(root: Path, train: int = 10, test: int = 4, suffix: str = ".png") -> Path:
    """The course's mnist_image_label layout: <name>/ image folder + <name>.txt of 'file label' lines."""
    for split, count in (("mnist_train_jpg_60000", train), ("mnist_test_jpg_10000", test)):
        lines = []
        for index in range(count):
            label = index % 10
            write_image(root / split / f"{index}_{label}{suffix}", digit_picture(label))
            lines.append(f"{index}_{label}{suffix} {label}")
        (root / f"{split}.txt").write_text("\n".join(lines) + "\n")
    return root


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def assert_one_line(error: pytest.ExceptionInfo) -> str:
    message = str(error.value)
    assert message and "\n" not in message and "Traceback" not in message
    return message


# --- names and the sample -----------------------------------------------------------------------------

def test_sample_is_stratified_mnist_in_the_dataset_layout():
    dataset = load_dataset("sample")
    assert dataset.is_sample and dataset.name == "sample"
    assert dataset.x_train.shape == (3000, 28, 28, 1) and dataset.x_train.dtype == np.uint8
    assert dataset.x_test.shape == (1000, 28, 28, 1)
    assert dataset.y_train.dtype == np.int64 and dataset.y_test.dtype == np.int64
    assert np.bincount(dataset.y_train).tolist() == [300] * 10
    assert np.bincount(dataset.y_test).tolist() == [100] * 10
    assert dataset.class_names == DIGIT_NAMES and dataset.num_classes == 10
    assert dataset.image_shape == (28, 28, 1)
    assert "3,000" in dataset.source
    # Real digits: ink on a black background, roughly MNIST's mean brightness.
    assert dataset.x_train[:, 0, 0, 0].max() == 0 and 20 < dataset.x_train.mean() < 50


def test_sample_file_keeps_keras_keys_and_dtypes():
    with np.load(paths.MNIST_SAMPLE, allow_pickle=False) as sample:
        assert sorted(sample.files) == ["x_test", "x_train", "y_test", "y_train"]
        assert all(sample[key].dtype == np.uint8 for key in sample.files)
        assert sample["x_train"].shape == (3000, 28, 28)


def test_unknown_name_that_is_no_path_says_so():
    with pytest.raises(DataError) as error:
        load_dataset("minst")
    message = assert_one_line(error)
    assert "minst" in message and all(name in message for name in DATASET_NAMES)


# --- Keras-style npz ----------------------------------------------------------------------------------

def test_keras_npz_is_read_as_nhwc_uint8_with_int64_labels(tmp_path):
    x_train, y_train = digits(8)
    x_test, y_test = digits(3, 5)
    np.savez_compressed(tmp_path / "mnist.npz", x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    dataset = load_dataset(tmp_path / "mnist.npz")
    assert dataset.x_train.shape == (8, 28, 28, 1) and dataset.y_train.dtype == np.int64
    np.testing.assert_array_equal(dataset.x_train[..., 0], x_train)
    np.testing.assert_array_equal(dataset.y_test, y_test)
    assert not dataset.is_sample and str(tmp_path / "mnist.npz") in dataset.source
    assert dataset.class_names == DIGIT_NAMES


def test_npz_with_float_images_and_class_names(tmp_path):
    images = np.linspace(0, 1, 4 * 8 * 8 * 3, dtype=np.float32).reshape(4, 8, 8, 3)
    np.savez(tmp_path / "own.npz", x_train=images, y_train=np.array([[0], [1], [2], [1]]),
             class_names=np.array(["a", "b", "c"]))
    dataset = load_dataset(str(tmp_path / "own.npz"))
    assert dataset.x_train.dtype == np.uint8 and dataset.x_train.max() == 255
    assert dataset.y_train.tolist() == [0, 1, 2, 1] and dataset.class_names == ["a", "b", "c"]
    assert dataset.x_test is None and dataset.y_test is None


@pytest.mark.parametrize("arrays, expected", [
    ({"x_train": np.zeros((3, 784), np.uint8), "y_train": np.zeros(3, np.uint8)}, "shape"),
    ({"x_train": np.zeros((3, 28, 28), np.int16) + 300, "y_train": np.zeros(3, np.uint8)}, "outside 0..255"),
    ({"x_train": np.zeros((3, 28, 28), np.float32) + 2, "y_train": np.zeros(3, np.uint8)}, "within 0..1"),
    ({"x_train": np.zeros((3, 28, 28), np.complex64), "y_train": np.zeros(3, np.uint8)}, "complex64"),
    ({"x_train": np.zeros((3, 28, 28), np.uint8), "y_train": np.zeros(4, np.uint8)}, "number 4"),
    ({"x_train": np.zeros((3, 28, 28), np.uint8), "y_train": np.array([0, -1, 2])}, "out of range"),
    ({"x_train": np.zeros((3, 28, 28), np.uint8), "y_train": np.array([0.5, 1, 2])}, "whole numbers"),
    ({"x_train": np.zeros((2, 4, 4), np.uint8), "y_train": np.array([0, 3]), "class_names": np.array(["a", "b"])},
     "label 3"),
    ({"x_train": np.zeros((2, 28, 28), np.uint8), "y_train": np.zeros(2, np.uint8),
      "x_test": np.zeros((2, 14, 14), np.uint8), "y_test": np.zeros(2, np.uint8)}, "test images of shape"),
    ({"x_train": np.zeros((2, 28, 28), np.uint8)}, "no y_train"),
    ({"x_train": np.zeros((0, 28, 28), np.uint8), "y_train": np.zeros(0, np.uint8)}, "no training images"),
])
def test_npz_with_wrong_contents_is_rejected(tmp_path, arrays, expected):
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(DataError) as error:
        load_dataset(tmp_path / "bad.npz")
    assert expected in assert_one_line(error)


def test_corrupt_and_truncated_npz_are_rejected(tmp_path):
    (tmp_path / "noise.npz").write_bytes(os.urandom(2000))
    x_train, y_train = digits(50)
    np.savez_compressed(tmp_path / "whole.npz", x_train=x_train, y_train=y_train)
    data = (tmp_path / "whole.npz").read_bytes()
    (tmp_path / "cut.npz").write_bytes(data[: len(data) // 2])
    for name in ("noise.npz", "cut.npz"):
        with pytest.raises(DataError) as error:
            load_dataset(tmp_path / name)
        assert "not a readable .npz" in assert_one_line(error)


def test_pickled_object_arrays_are_refused(tmp_path):
    np.savez(tmp_path / "objects.npz", x_train=np.array([object()] * 2, dtype=object), y_train=np.zeros(2))
    with pytest.raises(DataError) as error:
        load_dataset(tmp_path / "objects.npz")
    assert "objects.npz" in assert_one_line(error)


# --- IDX ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".gz", ""])
def test_idx_folder_gzipped_or_not(tmp_path, suffix):
    expected = write_idx_folder(tmp_path / "idx", suffix)
    dataset = load_dataset(tmp_path / "idx")
    np.testing.assert_array_equal(dataset.x_train[..., 0], expected["x_train"])
    np.testing.assert_array_equal(dataset.y_train, expected["y_train"])
    np.testing.assert_array_equal(dataset.x_test[..., 0], expected["x_test"])
    assert dataset.x_train.shape == (12, 28, 28, 1) and dataset.y_test.dtype == np.int64


def test_one_idx_file_names_its_folder_and_dotted_names_work(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    x_train, y_train = digits(6)
    write_idx(folder / "train-images.idx3-ubyte", x_train)
    write_idx(folder / "train-labels.idx1-ubyte", y_train)
    dataset = load_dataset(folder / "train-labels.idx1-ubyte")
    assert len(dataset.x_train) == 6 and dataset.x_test is None


def test_fashion_idx_folder_gets_fashion_class_names(tmp_path):
    write_idx_folder(tmp_path / "fashion-mnist")
    assert load_dataset(tmp_path / "fashion-mnist").class_names[0] == "T-shirt/top"


def test_broken_idx_files_are_rejected(tmp_path):
    x_train, y_train = digits(5)
    cases = {
        "magic": (idx_bytes(x_train)[:2] + b"\x07\x03" + idx_bytes(x_train)[4:], "wrong magic number"),
        "truncated": (idx_bytes(x_train)[:-10], "truncated"),
        "header": (idx_bytes(x_train)[:7], "header is incomplete"),
    }
    for case, (image_bytes, expected) in cases.items():
        folder = tmp_path / case
        folder.mkdir()
        (folder / "train-images-idx3-ubyte").write_bytes(image_bytes)
        write_idx(folder / "train-labels-idx1-ubyte", y_train)
        with pytest.raises(DataError) as error:
            load_dataset(folder)
        assert expected in assert_one_line(error), case


def test_truncated_gzip_idx_is_rejected(tmp_path):
    write_idx_folder(tmp_path / "idx")
    images = tmp_path / "idx" / "train-images-idx3-ubyte.gz"
    images.write_bytes(images.read_bytes()[:-30])
    with pytest.raises(DataError) as error:
        load_dataset(tmp_path / "idx")
    assert "train-images-idx3-ubyte.gz is damaged" in assert_one_line(error)


def test_idx_labels_beyond_the_ten_digits_are_rejected(tmp_path):
    write_idx_folder(tmp_path / "idx", train=4)
    write_idx(tmp_path / "idx" / "train-labels-idx1-ubyte.gz", np.array([1, 2, 10, 3], np.uint8))
    with pytest.raises(DataError) as error:
        load_dataset(tmp_path / "idx")
    assert "label 10" in assert_one_line(error)


def test_idx_folder_without_labels_says_what_is_missing(tmp_path):
    folder = tmp_path / "idx"
    folder.mkdir()
    write_idx(folder / "train-images-idx3-ubyte.gz", digits(3)[0])
    with pytest.raises(DataError) as error:
        load_dataset(folder)
    assert "train-labels-idx1-ubyte.gz" in assert_one_line(error)


# --- CIFAR-10 binary ----------------------------------------------------------------------------------

def test_cifar_binary_archive_record_layout(tmp_path):
    expected = write_cifar_tar(tmp_path / "cifar-10-binary.tar.gz")
    dataset = load_dataset(tmp_path / "cifar-10-binary.tar.gz")
    assert dataset.x_train.shape == (15, 32, 32, 3) and dataset.x_test.shape == (3, 32, 32, 3)
    np.testing.assert_array_equal(dataset.x_train, expected["x_train"])   # RGB, row-major
    np.testing.assert_array_equal(dataset.y_test, expected["y_test"])
    assert dataset.class_names == published.CIFAR10_CLASSES


def test_cifar_unpacked_folder(tmp_path):
    expected = write_cifar_tar(tmp_path / "cifar.tar.gz")
    with tarfile.open(tmp_path / "cifar.tar.gz") as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    dataset = load_dataset(tmp_path / "unpacked")
    np.testing.assert_array_equal(dataset.y_train, expected["y_train"])


def test_broken_cifar_archives_are_rejected(tmp_path):
    write_cifar_tar(tmp_path / "short.tar.gz", truncate_test=True)
    with pytest.raises(DataError) as error:
        load_dataset(tmp_path / "short.tar.gz")
    assert "test_batch.bin is truncated" in assert_one_line(error)

    write_cifar_tar(tmp_path / "whole.tar.gz")
    data = (tmp_path / "whole.tar.gz").read_bytes()
    (tmp_path / "cut.tar.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(DataError) as error:
        load_dataset(tmp_path / "cut.tar.gz")
    assert "damaged or truncated" in assert_one_line(error)

    with tarfile.open(tmp_path / "other.tar.gz", "w:gz") as archive:
        info = tarfile.TarInfo("readme.txt")
        archive.addfile(info, io.BytesIO(b""))
    with pytest.raises(DataError) as error:
        load_dataset(tmp_path / "other.tar.gz")
    assert "not the CIFAR-10 binary version" in assert_one_line(error)


# --- the course's own-dataset format ------------------------------------------------------------------

def test_course_layout_folder_with_train_and_test_pairs(tmp_path):
    root = write_course_dataset(tmp_path / "mnist_image_label", train=10, test=4)
    dataset = load_dataset(root)
    assert dataset.x_train.shape == (10, 28, 28, 1) and dataset.x_test.shape == (4, 28, 28, 1)
    assert dataset.y_train.tolist() == [index % 10 for index in range(10)]
    np.testing.assert_array_equal(dataset.x_train[3, ..., 0], digit_picture(3))
    assert dataset.skipped == 0 and dataset.name == "mnist_image_label"
    assert dataset.class_names == DIGIT_NAMES


def test_corrupt_and_missing_images_are_skipped_and_counted(tmp_path):
    root = write_course_dataset(tmp_path / "own", train=6, test=3, suffix=".jpg")
    images = root / "mnist_train_jpg_60000"
    (images / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(300))
    with open(root / "mnist_train_jpg_60000.txt", "a") as labels:
        labels.write("broken.jpg 4\n\nmissing.jpg 2\n")
    dataset = load_dataset(root)
    assert dataset.skipped == 2 and len(dataset.x_train) == 6 and len(dataset.x_test) == 3
    assert "2 unreadable and skipped" in dataset.source
    # JPEG is lossy: the bar is still where the label put it.
    assert dataset.x_train[5, 12:14, 10, 0].min() > 150 and dataset.x_train[5, 20:, :, 0].max() < 60


def test_label_file_whose_first_image_is_missing_is_still_found(tmp_path):
    root = write_course_dataset(tmp_path / "own", train=3, test=0)
    text = (root / "mnist_train_jpg_60000.txt").read_text()
    (root / "mnist_train_jpg_60000.txt").write_text("gone.png 1\n" + text)
    dataset = load_dataset(root)
    assert len(dataset.x_train) == 3 and dataset.skipped == 1


def test_label_file_path_reads_that_split(tmp_path):
    root = write_course_dataset(tmp_path / "own", train=5, test=2)
    dataset = load_dataset(root / "mnist_test_jpg_10000.txt")
    assert len(dataset.x_train) == 2 and dataset.x_test is None


def test_label_file_beside_its_images(tmp_path):
    for index in range(3):
        write_image(tmp_path / "flat" / f"img {index}.png", digit_picture(index))
    (tmp_path / "flat" / "labels.txt").write_text("# file label\nimg 0.png 0\nimg 1.png 1\nimg 2.png 2\n")
    assert load_dataset(tmp_path / "flat").y_train.tolist() == [0, 1, 2]


@pytest.mark.parametrize("content, expected", [
    ("0_0.png 0\n1_1.png one\n", "line 2 of mnist_train_jpg_60000.txt does not read 'filename label'"),
    ("0_0.png 0\n\n1_1.png\n", "line 3 of"),
    ("0_0.png -3\n", "line 1 of mnist_train_jpg_60000.txt has label -3"),
    ("# nothing here\n", "lists no images"),
])
def test_bad_label_files_name_the_line(tmp_path, content, expected):
    root = write_course_dataset(tmp_path / "own", train=2, test=0)
    (root / "mnist_train_jpg_60000.txt").write_text(content)
    with pytest.raises(DataError) as error:
        load_dataset(root / "mnist_train_jpg_60000.txt")
    assert expected in assert_one_line(error)


def test_no_readable_image_at_all_is_an_error(tmp_path):
    folder = tmp_path / "own" / "digits"
    folder.mkdir(parents=True)
    for index in range(3):
        (folder / f"{index}.png").write_bytes(b"not a picture")
    (tmp_path / "own" / "digits.txt").write_text("0.png 0\n1.png 1\n2.png 2\n")
    with pytest.raises(DataError) as error:
        load_dataset(tmp_path / "own")
    assert "none of the 3 images could be read" in assert_one_line(error)


# --- one folder per class -----------------------------------------------------------------------------

def test_digit_class_tree_with_train_and_test(tmp_path):
    root = tmp_path / "tree"
    for split, count in (("train", 3), ("test", 1)):
        for label in (0, 3, 7):
            for index in range(count):
                write_image(root / split / str(label) / f"{index}.png", digit_picture(label))
    (root / "train" / "7" / "Thumbs.db").write_bytes(b"junk")       # not an image: ignored
    (root / "README.txt").write_text("my digits\n")                   # not a label file: ignored
    dataset = load_dataset(root)
    assert sorted(dataset.y_train.tolist()) == [0] * 3 + [3] * 3 + [7] * 3
    assert sorted(dataset.y_test.tolist()) == [0, 3, 7]
    assert dataset.class_names == DIGIT_NAMES and dataset.skipped == 0
    first_seven = dataset.x_train[dataset.y_train == 7][0, ..., 0]
    np.testing.assert_array_equal(first_seven, digit_picture(7))


def test_named_colour_class_tree_keeps_rgb(tmp_path):
    red_bgr = np.zeros((32, 32, 3), np.uint8)
    red_bgr[..., 2] = 255
    blue_bgr = np.zeros((32, 32, 3), np.uint8)
    blue_bgr[..., 0] = 255
    write_image(tmp_path / "pets" / "dog" / "a.png", red_bgr)
    write_image(tmp_path / "pets" / "cat" / "b.png", blue_bgr)
    write_image(tmp_path / "pets" / "cat" / "c.png", blue_bgr)
    dataset = load_dataset(tmp_path / "pets")
    assert dataset.class_names == ["cat", "dog"] and dataset.x_train.shape == (3, 32, 32, 3)
    dog = dataset.x_train[dataset.y_train == 1][0]
    assert dog[..., 0].min() == 255 and dog[..., 2].max() == 0      # red comes first: RGB


def test_odd_sized_image_is_fitted_keeping_its_aspect(tmp_path):
    for index in range(3):
        write_image(tmp_path / "tree" / "1" / f"{index}.png", digit_picture(1))
    wide = np.zeros((40, 80), np.uint8)
    wide[10:30, :] = 255                                              # a band across the whole width
    write_image(tmp_path / "tree" / "2" / "wide.png", wide)
    dataset = load_dataset(tmp_path / "tree")
    fitted = dataset.x_train[dataset.y_train == 2][0, ..., 0]
    assert fitted.shape == (28, 28)
    rows = np.flatnonzero(fitted.max(axis=1) > 128)
    assert fitted[:, 0].max() > 128 and 6 <= len(rows) <= 8             # 80→28 wide, so 20→7 high


def test_unicode_folder_names_are_read(tmp_path):
    for label in (1, 2):
        write_image(tmp_path / "数字 données" / str(label) / "é.png", digit_picture(label))
    assert sorted(load_dataset(tmp_path / "数字 données").y_train.tolist()) == [1, 2]


def test_missing_path_empty_folder_and_unknown_contents(tmp_path):
    with pytest.raises(DataError) as error:
        load_dataset(tmp_path / "nowhere")
    assert "there is no file or folder at" in assert_one_line(error)
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError) as error:
        load_dataset(tmp_path / "empty")
    assert "is empty" in assert_one_line(error)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("hello world\n")
    with pytest.raises(DataError) as error:
        load_dataset(tmp_path / "notes")
    assert "found no dataset" in assert_one_line(error)
    (tmp_path / "model.h5").write_bytes(b"x")
    with pytest.raises(DataError) as error:
        load_dataset(tmp_path / "model.h5")
    assert "cannot read model.h5" in assert_one_line(error)


# --- the fingerprinted cache of image folders -----------------------------------------------------------

def test_folder_cache_is_used_and_invalidated_when_the_source_changes(tmp_path):
    root = write_course_dataset(tmp_path / "own", train=4, test=2, suffix=".bmp")   # BMP: fixed size
    first = load_dataset(root)
    cache = cache_file_for(root)
    assert cache.is_file() and cache.is_relative_to(paths.datasets_cache_dir())
    with np.load(cache, allow_pickle=False) as stored:
        assert "fingerprint" in stored.files

    # Same size, same modification time: the cache answers (it does not look at the pixels).
    image = root / "mnist_train_jpg_60000" / "1_1.bmp"
    before = image.stat()
    write_image(image, 255 - digit_picture(1))
    os.utime(image, ns=(before.st_atime_ns, before.st_mtime_ns))
    cached = load_dataset(root)
    assert "read from Inkling's cache" in cached.source
    np.testing.assert_array_equal(cached.x_train, first.x_train)

    # A newer modification time: the folder is read again.
    os.utime(image, ns=(before.st_atime_ns, before.st_mtime_ns + 2_000_000_000))
    changed = load_dataset(root)
    assert "Inkling's cache" not in changed.source
    np.testing.assert_array_equal(changed.x_train[1, ..., 0], 255 - digit_picture(1))

    # A new line in the label file: read again, one image more.
    write_image(root / "mnist_train_jpg_60000" / "extra.bmp", digit_picture(9))
    with open(root / "mnist_train_jpg_60000.txt", "a") as labels:
        labels.write("extra.bmp 9\n")
    assert len(load_dataset(root).x_train) == 5


def test_damaged_folder_cache_is_rebuilt(tmp_path):
    root = write_course_dataset(tmp_path / "own", train=3, test=1)
    load_dataset(root)
    cache_file_for(root).write_bytes(b"garbage")
    again = load_dataset(root)
    assert len(again.x_train) == 3 and "Inkling's cache" not in again.source
    with np.load(cache_file_for(root), allow_pickle=False) as stored:
        assert len(stored["x_train"]) == 3


def test_class_tree_cache_sees_a_new_image(tmp_path):
    for index in range(2):
        write_image(tmp_path / "tree" / "5" / f"{index}.png", digit_picture(5))
    assert len(load_dataset(tmp_path / "tree").x_train) == 2
    write_image(tmp_path / "tree" / "6" / "new.png", digit_picture(6))
    assert sorted(load_dataset(tmp_path / "tree").y_train.tolist()) == [5, 5, 6]


# --- downloads, against a real HTTP server on 127.0.0.1 ------------------------------------------------

class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def web(tmp_path):
    """(folder served, base URL): a real HTTP server on 127.0.0.1 in a thread."""
    root = tmp_path / "www"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def point_dataset_at(monkeypatch, name: str, *mirrors: Mirror) -> None:
    monkeypatch.setitem(published.PUBLISHED, name, dataclasses.replace(published.PUBLISHED[name], mirrors=mirrors))


def npz_mirror(url: str, checksum: str) -> Mirror:
    return Mirror("npz", (RemoteFile("mnist.npz", url + "mnist.npz", checksum),))


def idx_mirror(url: str, folder: Path) -> Mirror:
    return Mirror("idx", tuple(RemoteFile(path.name, url + path.name, "md5:" + md5(path))
                               for path in sorted(folder.glob("*.gz"))))


def serve_mnist_npz(root: Path, count: int = 20) -> Path:
    x_train, y_train = digits(count, 3)
    x_test, y_test = digits(5, 4)
    np.savez_compressed(root / "mnist.npz", x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    return root / "mnist.npz"


def test_mnist_download_verifies_caches_and_reports_progress(monkeypatch, web):
    root, url = web
    served = serve_mnist_npz(root)
    point_dataset_at(monkeypatch, "mnist", npz_mirror(url, "sha256:" + sha256(served)))
    reports = []
    dataset = load_dataset("mnist", progress=lambda done, total: reports.append((done, total)))
    assert not dataset.is_sample and len(dataset.x_train) == 20 and dataset.name == "mnist"
    assert "downloaded from 127.0.0.1" in dataset.source
    cached = paths.datasets_cache_dir() / "mnist" / "mnist.npz"
    assert cached.read_bytes() == served.read_bytes()
    size = served.stat().st_size
    assert reports[-1] == (size, size) and all(a[0] <= b[0] for a, b in zip(reports, reports[1:]))

    served.unlink()                                   # the server has nothing now: the cache answers
    again = load_dataset("mnist")
    assert "from the cache" in again.source and len(again.x_train) == 20


def test_checksum_mismatch_falls_back_to_the_sample_and_keeps_no_file(monkeypatch, web):
    root, url = web
    serve_mnist_npz(root)
    point_dataset_at(monkeypatch, "mnist", npz_mirror(url, "sha256:" + "0" * 64))
    dataset = load_dataset("mnist")
    assert dataset.is_sample and len(dataset.x_train) == 3000
    assert dataset.source.startswith("only the bundled sample of 3,000 digits is in use (MNIST could not be found "
                                     "or downloaded: could not download MNIST: ")
    assert "does not match its published checksum" in dataset.source
    assert not list((paths.datasets_cache_dir() / "mnist").glob("*"))


def test_no_connection_falls_back_to_the_sample(monkeypatch):
    point_dataset_at(monkeypatch, "mnist", npz_mirror(closed_port_url(), "sha256:" + "0" * 64))
    dataset = load_dataset("mnist")
    assert dataset.is_sample
    assert "could not download MNIST: cannot reach http://127.0.0.1:" in dataset.source


def test_second_mirror_is_used_when_the_first_fails(monkeypatch, web):
    root, url = web
    expected = write_idx_folder(root)
    point_dataset_at(monkeypatch, "mnist", npz_mirror(url + "missing/", "sha256:" + "0" * 64), idx_mirror(url, root))
    dataset = load_dataset("mnist")
    assert not dataset.is_sample
    np.testing.assert_array_equal(dataset.y_train, expected["y_train"])


def test_all_mirrors_failing_reports_the_first_reason(monkeypatch, web):
    root, url = web
    point_dataset_at(monkeypatch, "mnist", npz_mirror(url, "sha256:" + "0" * 64), npz_mirror(url + "x/", "md5:0"))
    dataset = load_dataset("mnist")
    assert "HTTP 404" in dataset.source and "1 other mirror failed too" in dataset.source


def test_without_downloading_mnist_is_the_sample(monkeypatch):
    point_dataset_at(monkeypatch, "mnist", npz_mirror(closed_port_url(), "sha256:" + "0" * 64))
    dataset = load_dataset("mnist", allow_download=False)
    assert dataset.is_sample and "downloading is turned off" in dataset.source


def test_offline_variable_turns_downloads_off(monkeypatch, web):
    root, url = web
    served = serve_mnist_npz(root)
    point_dataset_at(monkeypatch, "mnist", npz_mirror(url, "sha256:" + sha256(served)))
    monkeypatch.setenv("INKLING_OFFLINE", "1")
    dataset = load_dataset("mnist")
    assert dataset.is_sample and "downloading is turned off" in dataset.source


def test_keras_cache_is_used_before_downloading(monkeypatch, tmp_path):
    point_dataset_at(monkeypatch, "mnist", npz_mirror(closed_port_url(), "sha256:" + "0" * 64))
    keras_folder = tmp_path / "keras" / "datasets"
    keras_folder.mkdir(parents=True)
    serve_mnist_npz(keras_folder, count=7)
    dataset = load_dataset("mnist")
    assert len(dataset.x_train) == 7 and "Keras' cache" in dataset.source


def test_damaged_cached_download_is_fetched_again(monkeypatch, web):
    root, url = web
    served = serve_mnist_npz(root)
    point_dataset_at(monkeypatch, "mnist", npz_mirror(url, "sha256:" + sha256(served)))
    cached = paths.datasets_cache_dir() / "mnist" / "mnist.npz"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"damaged")
    dataset = load_dataset("mnist")
    assert "downloaded" in dataset.source and cached.read_bytes() == served.read_bytes()


def test_fashion_mnist_download_and_failure_without_a_sample(monkeypatch, web):
    root, url = web
    write_idx_folder(root)
    point_dataset_at(monkeypatch, "fashion-mnist", idx_mirror(url, root))
    dataset = load_dataset("fashion-mnist")
    assert dataset.class_names[9] == "Ankle boot" and len(dataset.x_test) == 5

    point_dataset_at(monkeypatch, "cifar10", Mirror("cifar-binary", (
        RemoteFile("cifar-10-binary.tar.gz", closed_port_url() + "c.tar.gz", "md5:0"),)))
    with pytest.raises(DataError) as error:
        load_dataset("cifar10")
    assert assert_one_line(error).startswith("could not download CIFAR-10: cannot reach")
    with pytest.raises(DataError) as error:
        load_dataset("cifar-10", allow_download=False)
    assert "CIFAR-10 is not available" in assert_one_line(error)


def test_cifar10_download(monkeypatch, web):
    root, url = web
    expected = write_cifar_tar(root / "cifar-10-binary.tar.gz")
    point_dataset_at(monkeypatch, "cifar10", Mirror("cifar-binary", (
        RemoteFile("cifar-10-binary.tar.gz", url + "cifar-10-binary.tar.gz",
                   "md5:" + md5(root / "cifar-10-binary.tar.gz")),)))
    dataset = load_dataset("cifar10")
    assert dataset.image_shape == (32, 32, 3) and dataset.class_names[0] == "airplane"
    np.testing.assert_array_equal(dataset.x_test, expected["x_test"])


def test_published_mirrors_use_the_official_checksums():
    mnist = published.PUBLISHED["mnist"]
    assert mnist.mirrors[0].files[0].url == "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
    assert mnist.mirrors[0].files[0].checksum.startswith("sha256:731c5ac6")
    assert any("ossci-datasets" in mirror.files[0].url for mirror in mnist.mirrors)
    assert published.PUBLISHED["cifar10"].mirrors[0].files[0].name == "cifar-10-binary.tar.gz"
