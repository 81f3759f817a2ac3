"""Untrusted text: cleaned on the way in, made safe for where it goes on the way out.

On the way in, questions, comments and corrections may hold lone surrogates (from input that
was not UTF-8) and control characters, which crash tokenizers and database drivers:
:func:`clean_text` drops them. On the way out, anything a user or a reviewer typed (questions,
comments, corrections, source URLs, flag reasons, names) must reach the browser as text, never
as Markdown or HTML: a Markdown image in a question would make every browser that shows it
fetch an outside URL (:func:`escape_markdown`, :func:`markdown_link`). And a CSV cell that
starts with ``=`` runs as a formula when a reviewer opens the export in a spreadsheet
(:func:`csv_text`).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from urllib.parse import quote

# Every character that can open or close Markdown syntax anywhere in a line (emphasis, code,
# links and images, raw HTML and autolinks, tables, LaTeX, Streamlit's :directives[] and
# :emoji:, entities, GFM e-mail autolinks), escaped with a backslash wherever it appears.
_INLINE_SPECIALS = re.compile(r"([\\`*_~\[\]()<>!|#$:&@{}])")
# Syntax that only counts at the start of a line: list items and thematic breaks.
_BLOCK_START = re.compile(r"^(\s*)([-+=]|\d+\.)")
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
_WWW = re.compile(r"(?i)\b(www)\.")
# A formula, or a DDE payload, in Excel, LibreOffice and Google Sheets (OWASP: CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean_text(text: str, keep_newlines: bool = False) -> str:
    """``text`` without lone surrogates, NULs or other control characters.

    Tabs and line breaks become spaces (``keep_newlines`` keeps ``\\n`` for multi-line text
    such as comments); format characters such as zero-width joiners are kept, since Khmer,
    Burmese and Thai text uses them.

    Args:
        text: a string from a user.
        keep_newlines: keep line breaks (as ``\\n``) rather than turning them into spaces.

    Returns:
        The cleaned string, not stripped.
    """
    if keep_newlines:
        text = text.replace("\r\n", "\n")
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cs":  # a lone surrogate: half of a character, or an undecodable byte
            continue
        if category in {"Cc", "Zl", "Zp"}:
            if keep_newlines and _LINE_BREAKS.match(char):
                kept.append("\n")
            elif char.isspace():
                kept.append(" ")
            continue  # NUL, escape sequences and other controls are dropped
        kept.append(char)
    return "".join(kept)


def one_line(text: object) -> str:
    """``text`` with every line break turned into a space: for messages promised on one line."""
    return _LINE_BREAKS.sub(" ", str(text))


def escape_markdown(text: object) -> str:
    """``text`` as Markdown source that renders exactly as the text, on one line.

    Line breaks become spaces; every character that Markdown, GitHub-flavoured Markdown or
    Streamlit's extensions treat as syntax is escaped, so no link, image, HTML tag, emphasis,
    LaTeX or icon can come out of it.

    Args:
        text: what a user or reviewer supplied (anything else is converted with ``str``).

    Returns:
        Markdown source safe to embed in ``st.markdown``, captions, labels and table cells.
    """
    line = one_line(text)
    line = _INLINE_SPECIALS.sub(r"\\\1", line)
    line = _WWW.sub(r"\1\\.", line)  # GFM turns a bare www.example.org into a link
    return _BLOCK_START.sub(_escape_block_start, line, count=1)


def _escape_block_start(match: re.Match[str]) -> str:
    indent, marker = match.groups()
    # "1." opens an ordered list: the backslash goes before the dot (a digit cannot be escaped).
    return f"{indent}{marker[:-1]}\\." if marker.endswith(".") else f"{indent}\\{marker}"


def markdown_link(title: object, url: str) -> str:
    """A Markdown link whose title is escaped text and whose URL cannot break out of ``( )``.

    Only ``http(s)`` URLs become links; anything else is shown as escaped text.

    Args:
        title: the link text (escaped, so it can never hold an image or another link).
        url: where it points.

    Returns:
        ``[title](url)`` Markdown, or the escaped title and URL when the URL is not http(s).
    """
    label = escape_markdown(title) or escape_markdown(url)
    if not re.match(r"(?i)^https?://[^\s]+$", url or ""):
        return f"{label} ({escape_markdown(url)})" if url else label
    # Percent-encode what could end the destination or start markup; keep URL syntax itself.
    safe_url = quote(url, safe="/:?#=&%+,;@~!$*'-._")
    safe_url = safe_url.replace("(", "%28").replace(")", "%29")
    return f"[{label}]({safe_url})"


def neutralise_csv_cell(value: object) -> object:
    """One CSV cell that a spreadsheet will show as text rather than run as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    ``'``, as OWASP recommends. Numbers are left alone: ``-1`` is a number, not a formula.

    Args:
        value: the cell; ``None`` becomes an empty cell.

    Returns:
        The cell, ready for :func:`csv_text`.
    """
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = str(value)
        return f"'{text}" if text.startswith(_FORMULA_START) else text
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with every data cell quoted and every formula cell neutralised (OWASP).

    Args:
        header: the column names.
        rows: the rows, each as many cells as ``header``.

    Returns:
        The CSV document, ``\\r\\n`` line endings as RFC 4180 has it.
    """
    buffer = io.StringIO()
    csv.writer(buffer).writerow([neutralise_csv_cell(name) for name in header])  # our own names
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    for row in rows:
        writer.writerow([neutralise_csv_cell(cell) for cell in row])
    return buffer.getvalue()
