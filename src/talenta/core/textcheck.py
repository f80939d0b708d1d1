"""What must never reach a person on a rendered page: a stored code ("di_bawah"), an ISO date
("2026-01-26"), a decimal with a dot ("84.20" in Indonesian), an internal id ("#3016") or a hash.

Used by the page crawl test (tests/core/test_rendered_text.py). Text inside an element marked
`data-evidence` (the Auditor's evidence view) or `data-literal` (a column name a user must type in
an import file) and inside <script>, <style>, <template> and form values is
not checked; neither are attributes."""

from __future__ import annotations

import re
from html.parser import HTMLParser

SKIP_TAGS = {"script", "style", "template", "textarea", "svg"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

PATTERNS = {
    "code": re.compile(r"(?<![\w@./:-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-]|\.[a-z])"),
    "iso-date": re.compile(r"(?<![\d/-])\d{4}-\d{2}-\d{2}(?![\d])"),
    # A time "08.15" is Indonesian, with WIB or in a range "08.00–12.00"; "821.2/Kep" is an SK number.
    "dot-decimal": re.compile(r"(?<![\d.,:/–])\d+\.\d{1,2}(?![\d./–])(?!\s*(?:WIB|WITA|WIT)\b)"),
    "internal-id": re.compile(r"(?:(?<!\w)#\d+\b|\bid \d+\b|\bsha256\b)"),
}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        skip = tag in SKIP_TAGS or any(k in ("data-evidence", "data-literal") for k, _v in attrs)
        self.stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def problems(html: str) -> list[tuple[str, str]]:
    """[(kind, the offending text with some context)]."""
    text = visible_text(html)
    out = []
    for kind, pattern in PATTERNS.items():
        for m in pattern.finditer(text):
            out.append((kind, text[max(0, m.start() - 30) : m.end() + 30]))
    return out
