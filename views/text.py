"""Text that came from outside (URLs, seed files, API payloads) shown safely.

Streamlit renders titles, captions, warnings and metric labels as Markdown (links, images,
colour directives, LaTeX). A value we did not write must never become markup: every echo of
one goes through md(). Pure functions, no Streamlit import, so tests call them directly.
"""

from __future__ import annotations

import re
import string
from urllib.parse import urlsplit

from pipelines.errors import UserError

SHOWN_VALUES = 5  # a message quotes at most this many rejected values
_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[/\\][^\s/\\'\"]+)+[/\\]([^\s/\\'\"]+)")

# CommonMark lets any ASCII punctuation be backslash-escaped; Streamlit's own directives
# (:red[…], :material/icon:, $…$) are made of the same characters.
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_SPACE = re.compile(r"\s+")
_AUTOLINK = re.compile(r"(?i)(\\:|www|\\@)")


def md(value: object, *, limit: int = 200) -> str:
    """value as literal Markdown text: one line, at most `limit` characters, every mark escaped."""
    text = _SPACE.sub(" ", str(value)).strip()
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    # a zero-width space keeps GFM from turning a URL, www. address or e-mail in the text into a link
    return _AUTOLINK.sub("\\1\u200b", _PUNCTUATION.sub(r"\\\1", text))


def web_url(value: object) -> str | None:
    """value if it is an http(s) URL (the only kind that may become a link), else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    return url if urlsplit(url).scheme.lower() in ("http", "https") and urlsplit(url).netloc else None


def quote(value: str, limit: int = 40) -> str:
    """A user's value for a message: quoted, and cut when long."""
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


def quote_list(values: list[str] | tuple[str, ...]) -> str:
    """The first few values quoted, then "and N more": a URL of 1,000 names makes one short line."""
    shown = ", ".join(quote(v) for v in values[:SHOWN_VALUES])
    rest = len(values) - SHOWN_VALUES
    return shown + (f" and {rest:,} more" if rest > 0 else "")


def public_message(exc: BaseException) -> str:
    """What a page may say about a failure: a UserError as written; anything else in one line
    without the server's file paths (a path is cut to its last part)."""
    if isinstance(exc, UserError):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = _PATH.sub(r"…/\1", " ".join(str(exc).split())[:300])
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
