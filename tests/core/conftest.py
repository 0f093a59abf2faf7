"""What the core tests share: the shipped default classifier (once per module; a test that needs it is
skipped, saying so, only while resources/models has none) and a small saved MLP bundle."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def classifier():
    from core.fileio import UserError
    from core.inference import load_classifier

    try:
        return load_classifier(None, "cpu")
    except UserError as error:
        pytest.skip(f"no shipped default model yet ({error})")


@pytest.fixture
def mlp_bundle():
    """An untrained torch MLP and the bundle it was saved as: (engine, bundle)."""
    from core.engines.factory import create_engine
    from core.registry import save_bundle
    from core.zoo import get_spec

    spec = get_spec("mlp")
    engine = create_engine("torch", spec, "cpu")
    bundle = save_bundle(engine, name="my mlp", spec=spec, dataset="sample", metrics={"test_accuracy": 0.5})
    return engine, bundle
