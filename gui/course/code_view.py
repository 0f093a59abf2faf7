"""CodeView: the code a lab runs, read-only, syntax-coloured, with the lines that matter highlighted
and explained in a tooltip (a lab's KEY_LINES: {"substring of a line": "what it does"})."""
from __future__ import annotations

import inspect
import keyword
import textwrap
from typing import Callable, Iterable

from PySide6.QtCore import QEvent, QRegularExpression
from PySide6.QtGui import (QColor, QFont, QFontDatabase, QSyntaxHighlighter, QTextCharFormat, QTextCursor,
                           QTextFormat)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from gui.common import theme


def source_of(functions: Iterable[Callable]) -> str:
    """The source of each function, dedented, separated by a blank line."""
    return "\n\n".join(textwrap.dedent(inspect.getsource(function)).rstrip() for function in functions) + "\n"


def _format(colour: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(colour))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    return fmt


class PythonHighlighter(QSyntaxHighlighter):
    """Keywords, builtins, numbers, strings, comments and decorators, in colours readable on light and
    dark backgrounds alike. Line by line (a triple-quoted string spanning lines is coloured per line)."""

    def __init__(self, document, dark: bool = False):
        super().__init__(document)
        keyword_colour, string_colour = ("#c678dd", "#98c379") if dark else ("#7c3aed", "#15803d")
        number_colour, comment_colour = ("#d19a66", "#7f848e") if dark else ("#b45309", "#6b7280")
        builtin_colour = "#56b6c2" if dark else "#0e7490"
        words = "|".join(keyword.kwlist)
        self._rules = [
            (QRegularExpression(rf"\b({words})\b"), _format(keyword_colour, bold=True)),
            (QRegularExpression(r"\b(self|True|False|None|len|range|float|int|print|zip|enumerate)\b"),
             _format(builtin_colour)),
            (QRegularExpression(r"\b[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?\b"), _format(number_colour)),
            (QRegularExpression(r"@\w+(\.\w+)*"), _format(builtin_colour)),
            (QRegularExpression(r"\"[^\"\n]*\"|'[^'\n]*'"), _format(string_colour)),
            (QRegularExpression(r"#[^\n]*"), _format(comment_colour, italic=True)),
        ]

    def highlightBlock(self, text: str) -> None:
        for pattern, fmt in self._rules:
            matches = pattern.globalMatch(text)
            while matches.hasNext():
                match = matches.next()
                self.setFormat(match.capturedStart(), match.capturedLength(), fmt)


class CodeView(QPlainTextEdit):
    """Read-only source; lines holding a KEY_LINES substring get a tinted background and its note as
    a tooltip."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._highlighter = PythonHighlighter(self.document(), dark=theme.is_dark(self.palette()))
        self._notes: dict[int, str] = {}
        self.viewport().setMouseTracking(True)
        self.viewport().installEventFilter(self)

    def show_code(self, functions: Iterable[Callable], key_lines: dict[str, str] | None = None) -> None:
        self.set_source(source_of(functions), key_lines or {})

    def set_source(self, text: str, key_lines: dict[str, str]) -> None:
        self.setPlainText(text)
        self._notes = {number: note for number, line in enumerate(text.splitlines())
                       for part, note in key_lines.items() if part in line}
        self._mark_key_lines()

    def key_line_numbers(self) -> list[int]:
        """0-based numbers of the highlighted lines."""
        return sorted(self._notes)

    def note_at_line(self, number: int) -> str | None:
        return self._notes.get(number)

    def _mark_key_lines(self) -> None:
        tint = QColor(theme.accent(self.palette()))
        tint.setAlpha(48)
        selections = []
        for number in self._notes:
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(tint)
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            cursor = QTextCursor(self.document().findBlockByLineNumber(number))
            selection.cursor = cursor
            selections.append(selection)
        self.setExtraSelections(selections)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.ToolTip:
            number = self.cursorForPosition(event.pos()).blockNumber()
            note = self._notes.get(number)
            if note:
                QToolTip.showText(event.globalPos(), note, self)
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)
