"""The layer rules: core never imports Qt or the GUI; the layers inside core and gui hold; no import cycle
in either; nothing at start-up imports TensorFlow or torch."""
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contract_holds():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " kept, 0 broken" in result.stdout
    for contract in ("core never imports Qt or the GUI", "gui layers", "gui tab packages do not import each other",
                     "gui has no import cycles", "core layers", "core engines", "core has no import cycles"):
        assert contract in result.stdout


@pytest.fixture(scope="module")
def import_graph() -> grimp.ImportGraph:
    # Imports under `if TYPE_CHECKING:` never run, so they cannot make a cycle.
    graph = grimp.build_graph("core", "gui", exclude_type_checking_imports=True, cache_dir=None)
    assert {"core.engines.base", "gui.main_window"} <= graph.modules   # the app's packages, not tests/core
    return graph


def _first_cycle(graph: grimp.ImportGraph, package: str) -> tuple[str, ...] | None:
    """One chain a → b → … → a between modules of `package` (imports inside functions count too)."""
    inside = sorted(m for m in graph.modules if m == package or m.startswith(package + "."))
    for importer in inside:
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if imported.startswith(package + ".") or imported == package:
                back = graph.find_shortest_chain(importer=imported, imported=importer)
                if back:
                    return (importer, *back)
    return None


@pytest.mark.parametrize("package", ["core", "gui"])
def test_no_import_cycles(import_graph, package):
    cycle = _first_cycle(import_graph, package)
    assert cycle is None, "import cycle: " + " → ".join(cycle)


def test_a_cycle_is_found_and_named():
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(module)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.c")
    assert _first_cycle(graph, "pkg") is None
    graph.add_import(importer="pkg.c", imported="pkg.a")
    assert _first_cycle(graph, "pkg") == ("pkg.a", "pkg.b", "pkg.c", "pkg.a")


def _modules_loaded_after(statement: str) -> set[str]:
    code = f"{statement}\nimport sys\nprint('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_core_modules_load_without_frameworks():
    loaded = _modules_loaded_after(
        "import core.registry, core.inference, core.training, core.preprocess, core.detect, "
        "core.pipeline, core.media, core.zoo, core.data, core.cli, core.config, core.images, core.engines.factory")
    assert not {"torch", "tensorflow", "keras", "PySide6"} & loaded


def test_window_modules_load_without_frameworks():
    loaded = _modules_loaded_after("import gui.app, gui.main_window")
    assert "PySide6" in loaded
    assert not {"torch", "tensorflow", "keras"} & loaded
