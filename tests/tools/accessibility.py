"""Checks PDFs with two accessibility checkers that share no code with briefdesk.

    python accessibility.py FILE.pdf...

`outloud` (PDF/UA-1 checkpoints, WCAG 2.2 criteria and semantic checks) and `pdfua` (the
machine-checkable subset of PDF/UA-1) run over every file. Any error or warning from either
fails, and so does a pdfua rule that could not be evaluated on a file. One line per file and
checker gives the verdict.

Two rules are narrowed, for the reasons the README gives. outloud's TXT-004 warns when five
or more glyph codes of a font map to one character, which catches a broken ToUnicode map in a
Latin font; a letter of Arabic script has up to four contextual forms and the Naskh face
adds contextual alternates, so a frequent letter such as lam is drawn by six glyphs, each
rightly mapped to the letter. That one finding is accepted when the font is the Arabic-script
face, the character is an Arabic letter and the finding names nothing else. outloud's PAG-001 takes any line
repeated in the top or bottom eighth of three or more pages for a running head or foot
tagged as content. A footnote citing a source that is cited on three pages repeats word for
word (that is what a short citation form is), and it is content. PAG-001 runs here as
outloud wrote it, over the pages with the lines of `/Note` elements taken out; every other
line near the top or bottom, running heads and page numbers included, is still judged.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

from outloud.model import Document
from outloud.rules.pagination import furniture_tagged


def outloud(path: Path) -> tuple[int, int, list[str]]:
    """Errors, warnings and their lines: every rule but PAG-001, then PAG-001 narrowed."""
    # The console script is installed beside the python that runs this.
    script = Path(sys.executable).with_name("outloud")
    run = subprocess.run(
        [str(script), "--json", "-", "--skip", "PAG-001", str(path)],
        capture_output=True,
        text=True,
    )
    report = json.loads(run.stdout)
    errors = warnings = 0
    lines: list[str] = []
    for result in report["results"]:
        if result.get("error"):
            errors += 1
            lines.append(f"unreadable: {result['error']}")
        for finding in result.get("findings", []):
            line = f"{finding['rule']} p.{finding.get('page')}: {finding['message']}"
            if arabic_forms(finding):
                lines.append(f"accepted {line} (contextual forms of one Arabic letter)")
                continue
            errors, warnings = tally(finding.get("severity"), line, errors, warnings, lines)
    for finding in furniture_tagged(WithoutNotes(Document(str(path)))):
        warnings += 1
        lines.append(f"warning PAG-001 p.{finding.page}: {finding.message} ({finding.evidence})")
    return errors, warnings, lines


def tally(severity, line: str, errors: int, warnings: int, lines: list[str]) -> tuple[int, int]:
    """Counts an error or a warning and keeps its line; anything milder is not counted."""
    if severity in ("error", "warning"):
        lines.append(f"{severity} {line}")
        return errors + (severity == "error"), warnings + (severity == "warning")
    return errors, warnings


ARABIC_COLLISION = re.compile(
    r"font [A-Z]{6}\+NotoNaskhArabic-[A-Za-z]+: \d+ different codes all map to U\+([0-9A-F]{4}) '.'"
)


def arabic_forms(finding: dict) -> bool:
    """A TXT-004 finding that names only the contextual forms of one Arabic letter."""
    if finding.get("rule") != "TXT-004":
        return False
    match = ARABIC_COLLISION.fullmatch(finding.get("message", ""))
    if match is None:
        return False
    code = int(match.group(1), 16)
    return 0x0620 <= code <= 0x064A or 0x066E <= code <= 0x06D3


class WithoutNotes:
    """A document seen without the lines of its footnotes (`/Note` and what it holds)."""

    def __init__(self, doc: Document):
        self._doc = doc
        self._notes: set[tuple] = set()
        for element in doc.elements:
            node, inside = element, False
            while node is not None:
                if node.type == "Note":
                    inside = True
                    break
                node = node.parent
            if inside:
                for ref in element.mcrefs:
                    self._notes.add((ref.page, ref.stream, ref.mcid))

    def __getattr__(self, name):
        return getattr(self._doc, name)

    def content(self, index: int):
        content = self._doc.content(index)
        lines = [
            line
            for line in content.lines
            if not all(
                run.mcid is not None and (index, run.stream, run.mcid) in self._notes
                for run in line.runs
            )
        ]
        return dataclasses.replace(content, lines=lines)


def pdfua(path: Path) -> tuple[int, int, list[str]]:
    """Errors, warnings and rules that could not run."""
    script = Path(sys.executable).with_name("pdfua")
    run = subprocess.run(
        [str(script), "check", "--format", "json", str(path)], capture_output=True, text=True
    )
    report = json.loads(run.stdout)
    files = report if isinstance(report, list) else report.get("files", [report])
    errors = warnings = 0
    lines: list[str] = []
    for entry in files:
        for finding in entry.get("findings", []):
            line = f"{finding.get('rule_id') or finding.get('rule')}: {finding.get('message')}"
            severity = str(finding.get("severity", "")).lower()
            errors, warnings = tally(severity, line, errors, warnings, lines)
        for skipped in entry.get("skipped", []) or []:
            errors += 1
            lines.append(f"not evaluated: {skipped}")
    return errors, warnings, lines


def main(paths: list[str]) -> int:
    failed = False
    for name in paths:
        path = Path(name)
        for checker, check in (("outloud", outloud), ("pdfua", pdfua)):
            errors, warnings, lines = check(path)
            verdict = "pass" if errors == warnings == 0 else "FAIL"
            print(f"{checker:8} {verdict:4} {path.name}: {errors} error(s), {warnings} warning(s)")
            for line in lines:
                print(f"         {line}")
            failed |= verdict != "pass"
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
