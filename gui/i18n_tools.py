"""Keep the Chinese translation in step with the window's sources (Qt-free: runs Qt's own tools).

    python -m gui.i18n_tools update              # pyside6-lupdate over gui/ into the .ts (translations kept)
    python -m gui.i18n_tools todo [PATH...]      # JSON skeleton of what is still untranslated (in PATHs)
    python -m gui.i18n_tools fill AREA.json...   # {"Context": {"English source": "中文"}} → finished entries
    python -m gui.i18n_tools release             # pyside6-lrelease: the .ts → the shipped .qm

Several people fill translations at the same time, so every command that reads or writes the .ts holds
an exclusive lock (fcntl.flock on resources/translations/.lock) for its whole read-modify-write.
The .ts keeps no source locations (-locations none): a line moving in a tab then changes nothing here.
fill refuses a translation whose {0}-style fields or %n differ from its source, and warns when a
glossary term (glossary.tsv, the course's own words) is not used.
"""
from __future__ import annotations

import argparse
import contextlib
import fcntl
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from core.fileio import UserError, write_text_atomic
from core.paths import PROJECT_ROOT, RESOURCES

LANGUAGE = "zh_CN"
GUI_DIR = PROJECT_ROOT / "gui"
TRANSLATIONS_DIR = RESOURCES / "translations"
TS_PATH = TRANSLATIONS_DIR / f"inkling_{LANGUAGE}.ts"
QM_PATH = TRANSLATIONS_DIR / f"inkling_{LANGUAGE}.qm"
GLOSSARY_PATH = TRANSLATIONS_DIR / "glossary.tsv"
LOCK_PATH = TRANSLATIONS_DIR / ".lock"
_FIELD = re.compile(r"\{\d+\}|%n|%L?\d")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    translation: str
    state: str        # "finished", "unfinished", "vanished" or "obsolete"


@dataclass(frozen=True)
class Term:
    english: str
    chinese: str
    note: str


# ----- Qt's tools ----------------------------------------------------------------------------------

def qt_tool(name: str) -> Path:
    """The lupdate/lrelease executable shipped inside the PySide6 wheel (found without importing Qt)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        raise UserError("PySide6 is not installed, so Qt's translation tools are missing.")
    exe = Path(spec.origin).parent / (name + (".exe" if sys.platform == "win32" else ""))
    if not exe.exists():
        raise UserError(f"Qt's {name} is missing from the PySide6 installation ({exe}).")
    return exe


def gui_sources(paths: list[Path] | None = None) -> list[Path]:
    """Every Python file under `paths` (default: gui/), sorted so the tools' output does not vary."""
    found: set[Path] = set()
    for path in paths or [GUI_DIR]:
        path = Path(path).resolve()
        found.update([path] if path.is_file() else path.rglob("*.py"))
    return sorted(p for p in found if "__pycache__" not in p.parts)


def extract(ts_path: Path, sources: list[Path] | None = None) -> None:
    """Run pyside6-lupdate over the sources into ts_path: new strings come in unfinished, existing
    translations stay, strings no longer in the sources stay as "vanished" (someone may bring them back)."""
    command = [str(qt_tool("lupdate")), *map(str, gui_sources(sources)), "-ts", str(ts_path),
               "-target-language", LANGUAGE, "-source-language", "en", "-locations", "none", "-silent"]
    _run(command)


def release(ts_path: Path = TS_PATH, qm_path: Path = QM_PATH) -> None:
    """Compile the .ts into a .qm; unfinished entries are left out (the English shows instead)."""
    _run([str(qt_tool("lrelease")), str(ts_path), "-qm", str(qm_path), "-nounfinished", "-silent"])


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise UserError(f"{Path(command[0]).name} failed: {(done.stderr or done.stdout).strip()[:500]}")


@contextlib.contextmanager
def locked() -> Iterator[None]:
    """Hold the translations' exclusive lock (others wait their turn)."""
    LOCK_PATH.parent.mkdir(parents=True, exist_ok=True)
    with open(LOCK_PATH, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# ----- reading and writing the .ts -----------------------------------------------------------------

def read_messages(ts_path: Path = TS_PATH) -> list[Message]:
    """Every message of a .ts file, with its translation state."""
    if not Path(ts_path).exists():
        return []
    return [_message(context.findtext("name", ""), message)
            for context in ET.parse(ts_path).getroot().iter("context") for message in context.iter("message")]


def unfinished(messages: list[Message], ts_path: Path = TS_PATH) -> list[Message]:
    """Those of `messages` (freshly extracted) that the .ts lacks or has not finished translating."""
    done = {(m.context, m.source) for m in read_messages(ts_path) if m.state == "finished"}
    return [m for m in messages if (m.context, m.source) not in done]


def _message(context: str, message: ET.Element) -> Message:
    translation = message.find("translation")
    forms = translation.findall("numerusform") if translation is not None else []
    text = "\n".join(form.text or "" for form in forms) if forms else (translation.text or "" if translation
                                                                        is not None else "")
    state = translation.get("type", "finished") if translation is not None else "unfinished"
    if state == "finished" and not text:
        state = "unfinished"
    return Message(context, message.findtext("source", ""), text, state)


def fill(ts_path: Path, translations: dict[str, dict[str, str]]) -> tuple[int, list[str]]:
    """Write translations into the .ts and mark them finished; returns (how many written, problems:
    sources not in the .ts and translations whose fields differ from their source)."""
    tree = ET.parse(ts_path)
    index = {(context.findtext("name", ""), message.findtext("source", "")): message
             for context in tree.getroot().iter("context") for message in context.iter("message")}
    written, problems = 0, []
    for context, pairs in translations.items():
        for source, text in pairs.items():
            message = index.get((context, source))
            if message is None:
                problems.append(f"not in the sources: [{context}] {source!r}")
            elif not text or fields(source) != fields(text):
                problems.append(f"empty or fields differ from the source's {sorted(fields(source))}: "
                                f"[{context}] {source!r} → {text!r}")
            else:
                _set_translation(message, text)
                written += 1
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    write_text_atomic(ts_path, f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n')
    return written, problems


def _set_translation(message: ET.Element, text: str) -> None:
    old = message.find("translation")
    if old is not None:
        message.remove(old)
    translation = ET.SubElement(message, "translation")
    if message.get("numerus") == "yes":
        ET.SubElement(translation, "numerusform").text = text   # Chinese has a single form
    else:
        translation.text = text


def fields(text: str) -> set[str]:
    """The placeholders a translation must keep: {0}, %n, %1, %L1."""
    return set(_FIELD.findall(text))


def load_translation_file(path: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UserError(f"Cannot read {path}: {error}") from None
    if not isinstance(data, dict) or not all(isinstance(pairs, dict) for pairs in data.values()):
        raise UserError(f'{path} must hold {{"Context": {{"English source": "translation"}}}}.')
    return data


# ----- the glossary --------------------------------------------------------------------------------

def load_glossary(path: Path = GLOSSARY_PATH) -> list[Term]:
    """The course's terms: english<TAB>chinese<TAB>note per line; '#' lines and the header skipped."""
    terms = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("english\t"):
            continue
        english, chinese, note = (line.split("\t") + ["", ""])[:3]
        terms.append(Term(english.strip(), chinese.strip(), note.strip()))
    return terms


def term_pattern(english: str) -> re.Pattern:
    """A glossary term as a whole word or phrase, any case, plural allowed, '&' mnemonics ignored."""
    return re.compile(rf"(?<!\w){re.escape(english)}(?:s|es)?(?!\w)", re.IGNORECASE)


def glossary_violations(messages: list[Message], terms: list[Term]) -> list[str]:
    """Finished translations whose English source uses a glossary term but not its Chinese."""
    patterns = [(term, term_pattern(term.english)) for term in terms]
    problems = []
    for message in messages:
        if message.state != "finished":
            continue
        source = message.source.replace("&&", "\0").replace("&", "").replace("\0", "&")
        problems += [f"[{message.context}] {message.source!r}: '{term.english}' must be '{term.chinese}' "
                     f"(got {message.translation!r})"
                     for term, pattern in patterns
                     if pattern.search(source) and term.chinese not in message.translation]
    return problems


# ----- the commands --------------------------------------------------------------------------------

def command_update() -> str:
    with locked():
        extract(TS_PATH)
        messages = read_messages(TS_PATH)
    unfinished = sum(m.state == "unfinished" for m in messages)
    return f"{TS_PATH.name}: {len(messages)} strings, {unfinished} still to translate."


def command_todo(paths: list[str]) -> str:
    """The untranslated strings (of the given files or folders) as a fill-ready JSON skeleton."""
    with tempfile.TemporaryDirectory() as scratch, locked():
        wanted = Path(scratch) / f"todo_{LANGUAGE}.ts"
        extract(wanted, [Path(p) for p in paths] or None)
        todo: dict[str, dict[str, str]] = {}
        for message in unfinished(read_messages(wanted)):
            todo.setdefault(message.context, {})[message.source] = ""
    return json.dumps(todo, ensure_ascii=False, indent=2)


def command_fill(paths: list[str]) -> tuple[str, bool]:
    with locked():
        extract(TS_PATH)     # strings added since the last update can be filled too
        written, problems = 0, []
        for path in paths:
            count, found = fill(TS_PATH, load_translation_file(Path(path)))
            written, problems = written + count, problems + found
        extract(TS_PATH)     # back to lupdate's own layout, so the file's diffs stay small
        warnings = glossary_violations(read_messages(TS_PATH), load_glossary())
    lines = [f"{written} translations written to {TS_PATH.name}."]
    lines += [f"refused: {p}" for p in problems] + [f"glossary: {w}" for w in warnings]
    return "\n".join(lines), not problems


def command_release() -> str:
    with locked():
        release(TS_PATH, QM_PATH)
    return f"Wrote {QM_PATH.relative_to(PROJECT_ROOT)}."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gui.i18n_tools", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("update", help="extract every tr() string from gui/ into the .ts")
    commands.add_parser("todo", help="print the untranslated strings as JSON").add_argument("paths", nargs="*")
    commands.add_parser("fill", help="write translations from JSON files").add_argument("files", nargs="+")
    commands.add_parser("release", help="compile the .ts into the shipped .qm")
    args = parser.parse_args(argv)
    try:
        if args.command == "fill":
            report, ok = command_fill(args.files)
            print(report)
            return 0 if ok else 1
        print({"update": command_update, "release": command_release,
               "todo": lambda: command_todo(args.paths)}[args.command]())
    except UserError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
