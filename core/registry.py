"""Model bundles on disk: a folder per model with `manifest.json` and the weights.

Shipped bundles live in resources/models/, trained ones in the user data dir. The manifest is the one
place that says what a bundle is; everything else reads it through `BundleInfo`. Writing a bundle out in
other formats (ONNX, .pt, .keras, weights.txt) is core.export's.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from core import paths
from core.config import ENGINES
from core.engines.factory import WEIGHTS_FILENAMES
from core.fileio import UserError, write_json_atomic

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
DEFAULT_BUNDLE = "default"
PREPROCESSING = "mnist-v1"  # core.preprocess.to_mnist: polarity, crop, 20×20, centre of mass


class RegistryError(UserError):
    pass


@dataclass
class BundleInfo:
    name: str
    path: Path
    engine: str
    architecture: str
    dataset: str
    test_accuracy: float | None
    input_shape: tuple
    created: str
    shipped: bool
    spec: dict
    preprocessing: str = PREPROCESSING

    @property
    def weights_path(self) -> Path:
        return self.path / WEIGHTS_FILENAMES[self.engine]

    @property
    def title(self) -> str:
        """One line for pickers and the status bar."""
        accuracy = f", {self.test_accuracy:.2%} test" if self.test_accuracy is not None else ""
        return f"{self.name} ({self.architecture}, {_ENGINE_TITLES[self.engine]}{accuracy})"

    def to_record(self) -> dict:
        """The `models --json` line."""
        return {"name": self.name, "engine": self.engine, "architecture": self.architecture,
                "dataset": self.dataset, "test_accuracy": self.test_accuracy, "path": str(self.path)}


_ENGINE_TITLES = {"torch": "PyTorch", "keras": "Keras"}


def read_bundle(folder: str | Path) -> BundleInfo:
    folder = Path(folder)
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise RegistryError(f"{folder} is not a model bundle (it has no {MANIFEST}).")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        engine = manifest["engine"]
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r}")
        info = BundleInfo(
            name=str(manifest["name"]), path=folder.resolve(), engine=engine,
            architecture=str(manifest["architecture"]["name"]), dataset=str(manifest.get("dataset", "?")),
            test_accuracy=_optional_float(manifest.get("metrics", {}).get("test_accuracy")),
            input_shape=tuple(manifest["input_shape"]), created=str(manifest.get("created", "")),
            shipped=_is_inside(folder, paths.SHIPPED_MODELS), spec=manifest["architecture"],
            preprocessing=str(manifest.get("preprocessing", PREPROCESSING)))
    except (ValueError, KeyError, TypeError) as error:
        raise RegistryError(f"The model bundle {folder} has a broken {MANIFEST} ({error}).") from None
    if not info.weights_path.is_file():
        raise RegistryError(f"The model bundle {folder} has no weights file ({info.weights_path.name}).")
    return info


def list_bundles() -> list[BundleInfo]:
    """Every readable bundle: shipped first (default at the top), then trained ones, newest first."""
    shipped = _bundles_in(paths.SHIPPED_MODELS)
    shipped.sort(key=lambda b: (b.name != DEFAULT_BUNDLE, b.name))
    trained = _bundles_in(paths.user_models_dir())
    trained.sort(key=lambda b: b.created, reverse=True)
    return shipped + trained


def find_bundle(name_or_path: str | Path | None = None) -> BundleInfo:
    if name_or_path is None or str(name_or_path) == "":
        return default_bundle()
    candidate = Path(name_or_path).expanduser()
    if candidate.is_dir():
        return read_bundle(candidate)
    for bundle in list_bundles():
        if bundle.name == str(name_or_path):
            return bundle
    names = ", ".join(b.name for b in list_bundles()) or "none"
    raise RegistryError(f"No model named {name_or_path!r} (known: {names}).")


def default_bundle() -> BundleInfo:
    folder = paths.SHIPPED_MODELS / DEFAULT_BUNDLE
    if not folder.is_dir():
        raise RegistryError("The shipped default model is missing from resources/models/default.")
    return read_bundle(folder)


def save_bundle(engine, *, name: str, spec, dataset: str, metrics: dict, out_dir: str | Path | None = None,
                extra: dict | None = None) -> BundleInfo:
    """Write `engine`'s weights and a manifest as a new bundle; atomic: the folder appears complete."""
    target = Path(out_dir) if out_dir else paths.user_models_dir() / unique_name(name)
    if target.exists() and any(target.iterdir()):
        raise RegistryError(f"{target} already exists and is not empty; choose another --out.")
    staging = target.parent / f".{target.name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    engine.save_weights(staging / WEIGHTS_FILENAMES[engine.name])
    manifest = {
        "format": FORMAT_VERSION, "name": target.name, "engine": engine.name,
        "architecture": spec.to_dict(), "input_shape": list(spec.input_shape),
        "num_classes": spec.num_classes, "dataset": dataset, "preprocessing": PREPROCESSING,
        "metrics": metrics, "parameters": engine.parameter_count(),
        "created": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        **(extra or {}),
    }
    write_json_atomic(staging / MANIFEST, manifest)
    if target.exists():
        target.rmdir()
    staging.rename(target)
    return read_bundle(target)


def unique_name(name: str) -> str:
    base = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-.") or "model"
    taken = {b.name for b in list_bundles()}
    if base not in taken and not (paths.user_models_dir() / base).exists():
        return base
    number = 2
    while f"{base}-{number}" in taken or (paths.user_models_dir() / f"{base}-{number}").exists():
        number += 1
    return f"{base}-{number}"


def delete_bundle(name_or_path: str | Path) -> None:
    bundle = find_bundle(name_or_path)
    if bundle.shipped:
        raise RegistryError(f"{bundle.name} ships with Inkling and cannot be deleted.")
    shutil.rmtree(bundle.path)


def import_bundle(folder: str | Path) -> BundleInfo:
    """Copy a bundle folder (e.g. from a colleague) into the user's models."""
    source = read_bundle(folder)
    target = paths.user_models_dir() / unique_name(source.name)
    staging = target.parent / f".{target.name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(source.path, staging)
    manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
    manifest["name"] = target.name
    write_json_atomic(staging / MANIFEST, manifest)
    staging.rename(target)
    return read_bundle(target)


def load_engine(bundle: BundleInfo, device: str = "auto"):
    """Build the bundle's architecture in its engine and load its weights (safely)."""
    from core.engines.factory import create_engine
    from core.zoo import ModelSpec

    engine = create_engine(bundle.engine, ModelSpec.from_dict(bundle.spec), device)
    engine.load_weights(bundle.weights_path)
    return engine


def _bundles_in(folder: Path) -> list[BundleInfo]:
    if not folder.is_dir():
        return []
    bundles = []
    for child in sorted(folder.iterdir()):
        if child.is_dir() and not child.name.startswith(".") and (child / MANIFEST).is_file():
            try:
                bundles.append(read_bundle(child))
            except RegistryError:
                continue  # a broken bundle is skipped in listings; loading it by name says why
    return bundles


def _is_inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def _optional_float(value) -> float | None:
    return None if value is None else float(value)
