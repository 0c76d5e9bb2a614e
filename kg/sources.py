"""Reading inputs (files, folders, stdin) into :class:`~kg.records.Article` records.

:func:`read_inputs` is lazy (one article at a time; JSON Lines are streamed).
Bad inputs never raise unless ``strict=True``: each problem becomes an
:class:`InputError` passed to ``on_error``, the input is skipped and every good
input is still read. By suffix:

* ``.txt`` / ``.md``: the first line is the title when a blank line follows it
  (a ``.md`` ``# heading`` first line always is); the rest is the body, minus a
  first paragraph repeating the title. ``doc_id`` is the file stem. A front
  matter block at the top ("---" lines around ``title:``, ``date:``, ``url:``,
  ``id:`` lines) gives those fields.
* ``.html`` / ``.htm``: main text, title, date and URL extracted by trafilatura.
* ``.jsonl`` / ``.json`` (one object or a list) and ``"-"`` (JSON Lines on
  stdin): objects with ``text`` and optional ``id``, ``title``, ``date``, ``url``.
* ``.csv`` / ``.tsv`` with a header row: one article per row, the text in a
  column named ``text``, ``body``, ``content``, ``article`` or ``story`` and
  the other fields under their usual names (:data:`CSV_COLUMNS`).

Folders are walked recursively in sorted name order, skipping (with a warning)
hidden entries and unknown suffixes; a file named explicitly with an unknown
suffix is read as plain text.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = (Path(tmp) / "talks.txt").write_text("Talks\\n\\nRussia demanded guarantees.\\n")
...     _ = (Path(tmp) / "bad.jsonl").write_text('{"id": "x1", "text": "NATO."}\\n{oops\\n')
...     problems = []
...     [a.doc_id for a in read_inputs([tmp], on_error=problems.append)]
['x1', 'talks']
>>> print(problems[0])  # doctest: +ELLIPSIS
/.../bad.jsonl:2: invalid JSON (Expecting property name enclosed in double quotes: column 2)
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import logging
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from kg.records import Article

__all__ = ["SUFFIXES", "InputError", "InputProblem", "input_bytes", "normalize_date", "read_inputs"]

logger = logging.getLogger(__name__)

Severity = Literal["error", "warning"]

#: File suffixes read from folders (lower-cased before comparison).
SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".csv", ".tsv")
#: the column names of a CSV corpus that hold each field, first match wins (case-insensitive)
CSV_COLUMNS = {
    "text": ("text", "body", "content", "article", "story", "full_text", "fulltext", "maintext", "article_text"),
    "id": ("id", "doc_id", "article_id", "guid", "uid"),
    "title": ("title", "headline", "heading"),
    "date": ("date", "published", "publish_date", "published_at", "pubdate", "date_published", "datetime"),
    "url": ("url", "link", "source_url", "uri"),
}
#: Largest single-article (non-JSON-Lines) file read whole, in bytes.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Longest article text (title, blank line, body) passed on, in characters: spaCy's
#: default ``nlp.max_length``, beyond which its pipelines refuse a text.
MAX_ARTICLE_CHARS = 1_000_000


@dataclass(frozen=True)
class InputError:
    """A problem with one input (or one line of it). Warnings do not skip the input."""

    source: str
    line: int | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        source = self.source if self.source.isprintable() else _escape(self.source)  # one line, no bidi tricks
        where = source if self.line is None else f"{source}:{self.line}"
        return f"{where}: {self.message}"  # severity is left to the reporter


def _escape(text: str) -> str:
    r"""``text`` with its unprintable characters (controls, line breaks, bidi marks) escaped.

    >>> print(_escape("evil\nname\u202e.txt"))
    evil\nname\u202e.txt
    """
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class InputProblem(ValueError):
    """Raised by :func:`read_inputs` with ``strict=True`` at the first error."""

    def __init__(self, error: InputError) -> None:
        super().__init__(str(error))
        self.error = error


# What the per-input readers yield: an article with where it came from, or a problem.
_Found = tuple[Article, str, int | None]
_Item = _Found | InputError


def read_inputs(
    inputs: Iterable[str | Path],
    *,
    on_error: Callable[[InputError], None] | None = None,
    strict: bool = False,
    on_bytes: Callable[[int], None] | None = None,
) -> Iterator[Article]:
    """Yield the articles of ``inputs`` (files, folders or ``"-"``), in order.

    Problems go to ``on_error`` (default: the ``kg.sources`` logger) and the bad
    input is skipped. With ``strict=True`` the first *error* raises
    :class:`InputProblem` instead (warnings are still passed to ``on_error``).
    A ``doc_id`` already read in this run is an error and the later article
    is skipped, and so is an article longer than :data:`MAX_ARTICLE_CHARS`.
    ``on_bytes`` is told how many bytes of the input files were read, as they are.
    """
    report = on_error or _log
    first_seen: dict[str, str] = {}
    for item in _items(inputs, on_bytes):
        if isinstance(item, tuple):
            article, source, line = item
            if len(article.text) > MAX_ARTICLE_CHARS:
                message = f"article too long ({len(article.text)} characters, at most {MAX_ARTICLE_CHARS}); skipped"
            elif article.doc_id in first_seen:
                first = first_seen[article.doc_id]
                message = f"duplicate doc_id {article.doc_id!r} (first read from {first}); skipped"
            else:
                first_seen[article.doc_id] = source if line is None else f"{source}:{line}"
                yield article
                continue
            item = InputError(source, line, message)
        if strict and item.severity == "error":
            raise InputProblem(item)
        report(item)


def normalize_date(value: object) -> str | None:
    """An ISO date or date-time as ``YYYY-MM-DD``; ``None`` when not a valid one.

    >>> normalize_date("2022-01-09T10:30:00+01:00"), normalize_date("2022-02-30")
    ('2022-01-09', None)
    """
    match = _DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    try:
        return date(*map(int, match.groups())).isoformat() if match else None
    except ValueError:
        return None


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}[0-9:.]*(?:Z|[+-][0-9:]{4,5})?)?")
_SURROGATE = re.compile("[\ud800-\udfff]")
_HEADING = re.compile(r"#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*")


def _log(error: InputError) -> None:
    logger.log(logging.WARNING if error.severity == "warning" else logging.ERROR, "%s", error)


def _warn(source: str, line: int | None, message: str) -> InputError:
    return InputError(source, line, message, "warning")


def _items(inputs: Iterable[str | Path], on_bytes: Callable[[int], None] | None = None) -> Iterator[_Item]:
    for entry in _files(inputs):
        if isinstance(entry, InputError):
            yield entry
        elif entry == "-":
            stream: Any = getattr(sys.stdin, "buffer", sys.stdin)
            yield from _read_jsonl_lines(stream, "<stdin>", "stdin")
        else:
            yield from _read_file(Path(entry), on_bytes)


def _files(inputs: Iterable[str | Path]) -> Iterator[Path | str | InputError]:
    """Each file to read (a folder's in sorted order), ``"-"`` for stdin, and problems met on the way."""
    for given in inputs:
        if str(given) == "-":
            yield "-"
            continue
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, {path.resolve()})
        elif path.exists():
            yield path
        else:
            yield InputError(str(path), None, "no such file or folder")


def input_bytes(inputs: Iterable[str | Path]) -> int | None:
    """Total size of the files :func:`read_inputs` would read, or None when stdin is one of them.

    A progress bar's total: :func:`read_inputs` reports the bytes it has read
    to its ``on_bytes`` callback.
    """
    total = 0
    for entry in _files(inputs):
        if entry == "-":
            return None
        if isinstance(entry, Path):
            try:
                total += entry.stat().st_size
            except OSError:
                continue
    return total


def _walk(folder: Path, visited: set[Path]) -> Iterator[Path | InputError]:
    """The files under ``folder``, in sorted order, and warnings for what is skipped."""
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        yield InputError(str(folder), None, f"cannot read folder ({exc.strerror or exc})")
        return
    for entry in entries:
        kind = "folder" if entry.is_dir() else "file"
        if entry.name.startswith("."):
            yield _warn(str(entry), None, f"hidden {kind} skipped")
        elif kind == "folder":
            real = entry.resolve()
            if real in visited:
                yield _warn(str(entry), None, "folder already read (symbolic link loop?); skipped")
            else:
                yield from _walk(entry, visited | {real})
        elif not entry.is_file():  # a FIFO or device in a folder would block or never end
            yield _warn(str(entry), None, "not a regular file; skipped")
        elif entry.suffix.lower() not in SUFFIXES:
            yield _warn(str(entry), None, f"unsupported file type {entry.suffix!r}; skipped")
        else:
            yield entry


def _read_file(path: Path, on_bytes: Callable[[int], None] | None = None) -> Iterator[_Item]:
    items = _read_one_file(path, on_bytes)
    if on_bytes is None or path.suffix.lower() == ".jsonl":  # JSON Lines report each line as it is read
        yield from items
        return
    collected = list(items)  # the articles of one file: its bytes are read once they are out
    with contextlib.suppress(OSError):
        on_bytes(path.stat().st_size)
    yield from collected


def _read_one_file(path: Path, on_bytes: Callable[[int], None] | None) -> Iterator[_Item]:
    name, suffix = str(path), path.suffix.lower()
    stem = path.stem
    if _SURROGATE.search(stem):  # bytes of a file name that are not UTF-8 (surrogateescape)
        stem = _SURROGATE.sub("\ufffd", stem)
        yield _warn(name, None, f"file name is not UTF-8; its id is {stem!r}")
    if suffix == ".jsonl":
        try:
            with path.open("rb") as stream:
                yield from _read_jsonl_lines(stream, name, stem, on_bytes)
        except OSError as exc:
            yield InputError(name, None, f"cannot read file ({exc.strerror or exc})")
        return
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            yield InputError(name, None, f"file too large ({size} bytes); use JSON Lines")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(name, None, f"cannot read file ({exc.strerror or exc})")
        return
    try:
        text, encoding = _decode(data)
    except ValueError as exc:
        yield InputError(name, None, str(exc))
        return
    if encoding != "utf-8":
        yield _warn(name, None, f"not UTF-8; decoded as {encoding}")
    if not text.strip():
        yield InputError(name, None, "empty article")
    elif suffix == ".json":
        yield from _read_json(text, name, stem)
    elif suffix in (".html", ".htm"):
        yield from _read_html(text, name, stem)
    elif suffix in (".csv", ".tsv"):
        yield from _read_csv(text, name, stem, delimiter="\t" if suffix == ".tsv" else ",")
    else:
        meta, text = _front_matter(text)
        title, body = _split_title(text, markdown=suffix == ".md")
        if meta.get("title"):
            title, body = " ".join(meta["title"].split()), _drop_repeated_title(meta["title"], text.strip()) or body
        day = normalize_date(meta.get("date")) if meta.get("date") else None
        if meta.get("date") and day is None:
            yield _warn(name, None, f"invalid date {meta['date']!r} in the front matter (expected YYYY-MM-DD); ignored")
        yield Article(doc_id=meta.get("id") or stem, body=body, title=title, date=day, url=meta.get("url"),
                      source=name), name, None


def _decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name of ``data``; ``ValueError`` when it is not text."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _newlines(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError:
            raise ValueError("binary file, not text") from None
    if b"\x00" in data:
        raise ValueError("binary file, not text")
    try:
        return _newlines(data.decode("utf-8-sig")), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise ValueError("binary file, not text")
    # Short Western-European texts fit several single-byte code pages equally
    # well; prefer Windows-1252 (a superset of printable Latin-1) on ties.
    for match in matches:
        if (
            match.encoding == "cp1252"
            and match.chaos <= best.chaos
            and match.coherence >= best.coherence
        ):
            best = match
            break
    return _newlines(str(best)), best.encoding


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_FRONT_KEYS = {"title", "date", "url", "id"}


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    r"""The ``key: value`` lines of a front matter block ("---" lines around them, at the
    very top; ``title``, ``date``, ``url``, ``id``) and the text after it.

    >>> _front_matter("---\ndate: 2022-01-10\ntitle: 'Talks'\n---\nRussia demanded guarantees.")
    ({'date': '2022-01-10', 'title': 'Talks'}, 'Russia demanded guarantees.')
    >>> _front_matter("Talks\n\nRussia demanded guarantees.")[0]
    {}
    """
    m = _FRONT.match(text.lstrip("\ufeff"))
    if not m:
        return {}, text
    meta = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if sep and key in _FRONT_KEYS and value.strip():
            meta[key] = value.strip().strip("'\"").strip()
    return meta, text.lstrip("\ufeff")[m.end():]


def _split_title(text: str, *, markdown: bool) -> tuple[str | None, str]:
    r"""Title (or ``None``) and body of a plain-text or Markdown article.

    >>> _split_title("# Talks\n\nTalks\n\nRussia demanded guarantees.", markdown=True)
    ('Talks', 'Russia demanded guarantees.')
    """
    lines = [line.rstrip() for line in text.strip().split("\n")]
    first, title = lines[0].strip(), None
    heading = _HEADING.fullmatch(first) if markdown else None
    if heading and heading.group(1).strip():
        title, lines = heading.group(1).strip(), lines[1:]
    elif markdown and len(lines) > 1 and re.fullmatch(r"=+", lines[1].strip()):
        title, lines = first, lines[2:]  # Setext heading: "Title" underlined with "==="
    elif len(lines) > 1 and not lines[1]:
        title, lines = first, lines[1:]
    body = "\n".join(lines).strip()
    if title is None:
        return None, body
    body = _drop_repeated_title(title, body, markdown=markdown)
    return (title, body) if body else (None, title)


def _drop_repeated_title(title: str, body: str, *, markdown: bool = False) -> str:
    """``body`` without its first paragraph when that repeats ``title`` exactly."""
    head, _, rest = body.partition("\n\n")
    head = head.strip()
    heading = _HEADING.fullmatch(head) if markdown else None
    if heading:
        head = heading.group(1).strip()
    return rest.strip() if head == title.strip() else body


def _read_html(html: str, name: str, doc_id: str) -> Iterator[_Item]:
    try:
        import trafilatura
    except ImportError as exc:  # e.g. lxml >= 5.2 without lxml_html_clean
        yield InputError(name, None, f"cannot read HTML: trafilatura unavailable ({exc})")
        return
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as exc:  # a parser failure must not stop the run
        yield InputError(name, None, f"cannot parse HTML ({exc})")
        return
    fields: dict[str, Any] = {} if doc is None else doc if isinstance(doc, dict) else doc.as_dict()
    text = (fields.get("text") or "").strip()
    if not text:
        yield InputError(name, None, "no article text found in HTML")
        return
    title = (fields.get("title") or "").strip() or None
    body = re.sub(r"\n\s*", "\n\n", text)  # trafilatura puts one paragraph per line
    if title:
        body = _drop_repeated_title(title, body) or body
    day, url = normalize_date(fields.get("date")), fields.get("url") or None
    yield Article(doc_id, body, title, day, url, name), name, None


def _loads(text: str) -> Any:
    """``json.loads``; ``ValueError`` (not a crash) for nesting too deep or a number too long."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except json.JSONDecodeError:
        raise
    except ValueError:  # int('1' * 5000): Python's limit on digits of integer conversion
        raise ValueError("number too long") from None


def _read_json(text: str, name: str, stem: str) -> Iterator[_Item]:
    try:
        data = _loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(name, exc.lineno, f"invalid JSON ({exc.msg}: column {exc.colno})")
        return
    except ValueError as exc:
        yield InputError(name, None, f"invalid JSON ({exc})")
        return
    if isinstance(data, list):
        for index, obj in enumerate(data, 1):
            yield from _record(obj, name, None, f"{stem}-{index}", f"item {index}: ")
    else:
        yield from _record(data, name, None, stem)


def _read_csv(text: str, name: str, stem: str, delimiter: str) -> Iterator[_Item]:
    """Articles of a CSV (or TSV) file with a header row: one per row, its fields found
    under the usual column names (:data:`CSV_COLUMNS`: ``text`` or ``body`` or ``content`` ...)."""
    csv.field_size_limit(MAX_FILE_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        yield InputError(name, 1, f"no header row ({exc})" if str(exc) else "no header row")
        return
    lowered = [h.strip().lstrip("\ufeff").lower() for h in header]
    where = {field: next((lowered.index(c) for c in names if c in lowered), None)
             for field, names in CSV_COLUMNS.items()}
    if where["text"] is None:
        yield InputError(name, 1, f"no text column: expected one of {', '.join(CSV_COLUMNS['text'][:4])}, ... "
                                  f"(the header has {', '.join(h for h in header if h) or 'no names'})")
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield InputError(name, reader.line_num, f"invalid CSV ({exc})")
            return
        if not any(cell.strip() for cell in row):
            continue
        obj: dict[str, object] = {field: row[k] for field, k in where.items() if k is not None and k < len(row)
                                  and row[k] != ""}
        obj.setdefault("text", "")
        yield from _record(obj, name, reader.line_num, f"{stem}-{reader.line_num}")


def _read_jsonl_lines(
    stream: Iterable[bytes | str], name: str, stem: str, on_bytes: Callable[[int], None] | None = None
) -> Iterator[_Item]:
    """Articles of a JSON Lines stream, one line in memory at a time."""
    for number, raw in enumerate(stream, 1):
        if on_bytes is not None:
            on_bytes(len(raw))
        if isinstance(raw, bytes):
            if b"\x00" in raw:
                if number == 1:
                    yield InputError(name, None, "binary file, not text")
                    return
                yield InputError(name, number, "binary data (NUL bytes) in line")
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                try:
                    line, encoding = _decode(raw)
                except ValueError as exc:
                    yield InputError(name, number, str(exc))
                    continue
                yield _warn(name, number, f"line not UTF-8; decoded as {encoding}")
        else:
            line = raw.lstrip("\ufeff") if number == 1 else raw
        if not line.strip():
            continue
        try:
            obj = _loads(line.rstrip("\r\n"))  # (a line end would read as a control character)
        except json.JSONDecodeError as exc:
            yield InputError(name, number, f"invalid JSON ({exc.msg}: column {exc.colno})")
            continue
        except ValueError as exc:
            yield InputError(name, number, f"invalid JSON ({exc})")
            continue
        yield from _record(obj, name, number, f"{stem}-{number}")


def _record(
    obj: object, name: str, line: int | None, default_id: str, prefix: str = ""
) -> Iterator[_Item]:
    """The article of one JSON object, or the problems that prevent it."""
    if not isinstance(obj, dict):
        yield InputError(name, line, f"{prefix}expected a JSON object, got {_json_type(obj)}")
        return
    if any(isinstance(v, str) and _SURROGATE.search(v) for v in obj.values()):
        # "\ud800" escapes decode to lone surrogates, which no UTF-8 output can hold
        yield _warn(name, line, f"{prefix}lone surrogate escapes replaced by U+FFFD")
        obj = {k: _SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v for k, v in obj.items()}
    text, doc_id = obj.get("text"), obj.get("id")
    if text is None:
        yield InputError(name, line, f"{prefix}missing 'text'")
        return
    if not isinstance(text, str):
        yield InputError(name, line, f"{prefix}'text' must be a string, not {_json_type(text)}")
        return
    body = _newlines(text).strip()
    if not body:
        yield InputError(name, line, f"{prefix}empty article")
        return
    if doc_id is None:
        doc_id = default_id
    elif isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    elif not isinstance(doc_id, str) or not doc_id.strip():
        yield InputError(name, line, f"{prefix}'id' must be a non-empty string or an integer")
        return
    optional: dict[str, str | None] = {}
    for key in ("title", "date", "url"):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            yield _warn(name, line, f"{prefix}'{key}' is {_json_type(value)}, not text; ignored")
            value = None
        optional[key] = (value.strip() or None) if value else None
    raw_date, title = optional["date"], optional["title"]
    if title:
        title = " ".join(title.split())  # one line: Article.text is title, blank line, body
    day = normalize_date(raw_date)
    if raw_date and day is None:
        yield _warn(name, line, f"{prefix}invalid date {raw_date!r} (expected YYYY-MM-DD); ignored")
    if title:
        body = _drop_repeated_title(title, body) or body
    source = name if line is None else f"{name}:{line}"
    yield Article(doc_id.strip(), body, title, day, optional["url"], source), name, line


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    return "null" if value is None else names.get(type(value), "a number")
