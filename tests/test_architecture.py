"""The layer rules: core never imports Qt or the GUI; nothing at start-up imports TensorFlow or torch."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contract_holds():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " kept, 0 broken" in result.stdout
    for contract in ("core never imports Qt or the GUI", "gui layers", "gui tab packages do not import each other",
                     "gui has no import cycles"):
        assert contract in result.stdout


def _modules_loaded_after(statement: str) -> set[str]:
    code = f"{statement}\nimport sys\nprint('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_core_modules_load_without_frameworks():
    loaded = _modules_loaded_after(
        "import core.registry, core.inference, core.training, core.preprocess, core.detect, "
        "core.pipeline, core.media, core.zoo, core.data, core.cli")
    assert not {"torch", "tensorflow", "keras", "PySide6"} & loaded


def test_window_modules_load_without_frameworks():
    loaded = _modules_loaded_after("import gui.app, gui.main_window")
    assert "PySide6" in loaded
    assert not {"torch", "tensorflow", "keras"} & loaded
