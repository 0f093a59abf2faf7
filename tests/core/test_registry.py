"""Model bundles on disk: save, list, load the same probabilities, import, delete, refuse broken ones
(exports: tests/core/test_export.py)."""
import json
import shutil

import numpy as np
import pytest

from core import paths
from core.engines.base import ModelError
from core.inference import load_classifier
from core.registry import (RegistryError, default_bundle, delete_bundle, find_bundle, import_bundle, list_bundles,
                           load_engine, read_bundle, save_bundle)
from core.zoo import get_spec


def test_saved_bundle_is_listed_and_loads_the_same_probabilities(mlp_bundle):
    engine, bundle = mlp_bundle
    assert bundle.name == "my-mlp" and not bundle.shipped
    assert [b.name for b in list_bundles()][0] == "default"
    assert "my-mlp" in [b.name for b in list_bundles()]
    digits = np.random.default_rng(0).random((5, 28, 28, 1), dtype=np.float32)
    reloaded = load_engine(find_bundle("my-mlp"), "cpu")
    np.testing.assert_allclose(reloaded.predict(digits), engine.predict(digits), rtol=1e-6, atol=1e-7)


def test_second_bundle_with_the_same_name_gets_a_new_one(mlp_bundle):
    engine, first = mlp_bundle
    second = save_bundle(engine, name="my mlp", spec=get_spec("mlp"), dataset="sample", metrics={})
    assert second.name == "my-mlp-2" and first.path != second.path


def test_default_bundle_is_the_shipped_inkling_model():
    bundle = default_bundle()
    assert bundle.shipped and bundle.architecture == "inkling" and bundle.input_shape == (28, 28, 1)
    assert bundle.test_accuracy >= 0.995


def test_broken_bundles_are_refused_with_a_reason(tmp_path, mlp_bundle):
    _, bundle = mlp_bundle
    broken = tmp_path / "broken"
    shutil.copytree(bundle.path, broken)
    (broken / "manifest.json").write_text("{ not json")
    with pytest.raises(RegistryError, match="broken manifest.json"):
        read_bundle(broken)
    no_weights = tmp_path / "no-weights"
    shutil.copytree(bundle.path, no_weights)
    (no_weights / "weights.pt").unlink()
    with pytest.raises(RegistryError, match="no weights file"):
        read_bundle(no_weights)
    with pytest.raises(RegistryError, match="not a model bundle"):
        read_bundle(tmp_path)


def test_weights_that_do_not_fit_the_architecture_are_refused(tmp_path, mlp_bundle):
    _, bundle = mlp_bundle
    mismatched = tmp_path / "mismatched"
    shutil.copytree(bundle.path, mismatched)
    manifest = json.loads((mismatched / "manifest.json").read_text())
    manifest["architecture"] = get_spec("lenet5").to_dict()
    (mismatched / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError):
        load_classifier(str(mismatched), "cpu")


def test_corrupt_weights_are_refused(tmp_path, mlp_bundle):
    _, bundle = mlp_bundle
    corrupt = tmp_path / "corrupt"
    shutil.copytree(bundle.path, corrupt)
    (corrupt / "weights.pt").write_bytes(b"\x80\x04 this is not a state dict")
    with pytest.raises(ModelError):
        load_classifier(str(corrupt), "cpu")


def test_import_and_delete(mlp_bundle):
    _, bundle = mlp_bundle
    imported = import_bundle(bundle.path)
    assert imported.name == "my-mlp-2" and imported.path.parent == paths.user_models_dir()
    delete_bundle(imported.name)
    assert imported.name not in [b.name for b in list_bundles()]
    with pytest.raises(RegistryError, match="cannot be deleted"):
        delete_bundle("default")
    with pytest.raises(RegistryError, match="No model named"):
        find_bundle("nothing-like-this")
