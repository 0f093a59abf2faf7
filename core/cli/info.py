"""`info`: what a bug report needs — the version, Python, the folders Inkling uses, the device and the
versions of the libraries it stands on.

Library versions come from the installed packages' metadata, so nothing heavy is imported for them;
only torch is loaded, to ask for the CUDA device (about a second). TensorFlow is asked only with
`--tensorflow` (several seconds more).
"""
from __future__ import annotations

import argparse
import platform
import sys
from importlib import metadata

from core.cli.output import emit

# distribution name → the name a user knows it by
LIBRARIES = {
    "torch": "torch", "tensorflow": "tensorflow", "keras": "keras", "numpy": "numpy",
    "opencv-python-headless": "opencv", "PySide6-Essentials": "PySide6", "pyqtgraph": "pyqtgraph",
    "scikit-learn": "scikit-learn", "onnxruntime": "onnxruntime", "platformdirs": "platformdirs",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tensorflow", action="store_true",
                        help="also load TensorFlow and list the GPUs it sees (takes seconds)")


def run(args) -> int:
    record = collect(with_tensorflow=args.tensorflow)
    if args.json:
        emit(record)
    else:
        print(_as_text(record))
    return 0


def collect(with_tensorflow: bool = False) -> dict:
    from core import __version__, paths

    record = {
        "version": __version__,
        "python": f"{platform.python_version()} ({sys.executable})",
        "platform": platform.platform(),
        "folders": {name: str(path) for name, path in paths.folders().items()},
        "device": torch_device(),
        "libraries": {label: _version(distribution) for distribution, label in LIBRARIES.items()},
    }
    if with_tensorflow:
        record["tensorflow_gpus"] = tensorflow_gpus()
    return record


def torch_device() -> str:
    """"cuda: NAME" when PyTorch sees a CUDA GPU, else "cpu" (or why torch could not be asked)."""
    try:
        import torch
    except ImportError as error:
        return f"unknown (PyTorch is not installed: {error})"
    if torch.cuda.is_available():
        return f"cuda: {torch.cuda.get_device_name(0)}"
    return "cpu"


def tensorflow_gpus() -> list[str]:
    import tensorflow as tf

    return [device.name for device in tf.config.list_physical_devices("GPU")]


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _as_text(record: dict) -> str:
    lines = [f"Inkling {record['version']}", f"Python   {record['python']}", f"Platform {record['platform']}",
             f"Device   {record['device']}", "", "Folders:"]
    lines += [f"  {name:10} {path}" for name, path in record["folders"].items()]
    lines += ["", "Libraries:"]
    lines += [f"  {name:14} {version or 'not installed'}" for name, version in record["libraries"].items()]
    if "tensorflow_gpus" in record:
        lines += ["", f"TensorFlow GPUs: {', '.join(record['tensorflow_gpus']) or 'none'}"]
    return "\n".join(lines)
