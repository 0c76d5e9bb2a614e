"""Tests for kg.sources: reading files, folders and stdin into Articles."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.records import Article
from kg.sources import InputError, InputProblem, normalize_date, read_inputs

SEED = Path(__file__).resolve().parents[1] / "seeds" / "blinken-geneva-talks.txt"

HTML = """<!DOCTYPE html>
<html><head>
<title>Blinken plays down hopes for Geneva talks | World News</title>
<meta name="date" content="2022-01-09T14:30:00+01:00">
<link rel="canonical" href="https://news.example.com/geneva-talks">
<script>var tracker = "SCRIPT-SECRET";</script>
<style>body { color: STYLE-SECRET; }</style>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Blinken plays down hopes for Geneva talks</h1>
<p>Secretary of State Antony Blinken on Sunday downplayed prospects for a diplomatic
breakthrough with Moscow ahead of high-stakes talks in Geneva this week.</p>
<script>document.write("INLINE-SECRET");</script>
<p>Russia has demanded security guarantees from NATO, including a halt to the
alliance's eastward expansion, which Washington has called a non-starter.</p>
</article>
<footer>Copyright 2022</footer>
</body></html>
"""


def read(*inputs: str | Path, strict: bool = False) -> tuple[list[Article], list[InputError]]:
    problems: list[InputError] = []
    articles = list(read_inputs(inputs, on_error=problems.append, strict=strict))
    return articles, problems


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def jsonl(*records: object) -> str:
    return "".join(r if isinstance(r, str) else json.dumps(r) for r in records)


# --- plain text and Markdown -------------------------------------------------------------


def test_txt_with_title(tmp_path: Path) -> None:
    path = write(
        tmp_path / "geneva.txt", "Talks in Geneva\n\nRussia demanded guarantees.\n\nMore.\n"
    )
    (article,), problems = read(path)
    assert problems == []
    assert article == Article(
        doc_id="geneva",
        title="Talks in Geneva",
        body="Russia demanded guarantees.\n\nMore.",
        source=str(path),
    )
    assert article.text.startswith("Talks in Geneva\n\nRussia demanded")


def test_txt_without_blank_line_has_no_title(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.txt", "Russia demanded guarantees.\nNATO refused.\n")
    (article,), _ = read(path)
    assert article.title is None
    assert article.body == "Russia demanded guarantees.\nNATO refused."


def test_seed_article_title_is_not_repeated() -> None:
    (article,), problems = read(SEED)
    assert problems == []
    assert article.doc_id == "blinken-geneva-talks"
    assert article.title and article.title.startswith("Secretary of State Antony Blinken:")
    assert not article.body.startswith(article.title)
    assert article.body.startswith("Secretary of State Antony Blinken on Sunday")
    assert article.date is None


def test_repeated_title_dropped_and_crlf_and_bom(tmp_path: Path) -> None:
    raw = "\ufeffTalks\r\n\r\nTalks\r\n\r\nRussia demanded guarantees.\r\n".encode()
    (article,), problems = read(write(tmp_path / "t.txt", raw))
    assert problems == []  # UTF-8 with BOM is UTF-8: no warning
    assert (article.title, article.body) == ("Talks", "Russia demanded guarantees.")


def test_markdown_heading_title(tmp_path: Path) -> None:
    path = write(tmp_path / "post.md", "# Talks in Geneva #\nRussia demanded guarantees.\n")
    (article,), _ = read(path)
    assert (article.title, article.body) == ("Talks in Geneva", "Russia demanded guarantees.")


def test_markdown_repeated_heading_and_setext(tmp_path: Path) -> None:
    a = write(tmp_path / "a.md", "## Talks\n\n# Talks\n\nRussia demanded *guarantees*.\n")
    b = write(tmp_path / "b.md", "Talks\n=====\n\nNATO replied.\n")
    articles, problems = read(a, b)
    assert problems == []
    assert [(x.title, x.body) for x in articles] == [
        ("Talks", "Russia demanded *guarantees*."),
        ("Talks", "NATO replied."),
    ]


# --- HTML --------------------------------------------------------------------------------


def test_html_main_text_title_date_without_scripts(tmp_path: Path) -> None:
    path = write(tmp_path / "geneva.html", HTML)
    (article,), problems = read(path)
    assert problems == []
    assert article.doc_id == "geneva"
    assert article.title == "Blinken plays down hopes for Geneva talks"
    assert article.date == "2022-01-09"
    assert article.url == "https://news.example.com/geneva-talks"
    assert "Antony Blinken on Sunday" in article.body
    assert "security guarantees from NATO" in article.body
    assert not article.body.startswith(article.title)  # the <h1> is not repeated
    for secret in ("SCRIPT-SECRET", "STYLE-SECRET", "INLINE-SECRET", "tracker"):
        assert secret not in article.text


def test_html_published_time_meta(tmp_path: Path) -> None:
    html = HTML.replace(
        '<meta name="date" content="2022-01-09T14:30:00+01:00">',
        '<meta property="article:published_time" content="2021-12-17T08:00:00Z">',
    )
    (article,), _ = read(write(tmp_path / "p.htm", html))
    assert article.date == "2021-12-17"


def test_html_without_text_is_an_error(tmp_path: Path) -> None:
    path = write(
        tmp_path / "empty.html", "<html><head><script>x()</script></head><body></body></html>"
    )
    articles, problems = read(path)
    assert articles == []
    assert [str(p) for p in problems] == [f"{path}: no article text found in HTML"]


# --- JSON Lines and JSON -----------------------------------------------------------------


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path / "articles.jsonl",
        jsonl(
            {
                "id": "a1",
                "text": "Russia demanded guarantees.",
                "title": "Talks",
                "date": "2022-01-09T10:00:00Z",
                "url": "https://example.com/a1",
            },
            "\n",
            {"text": "NATO replied.", "date": "09/01/2022"},  # no id, bad date: a warning
            "\n\n",  # blank line: ignored
            '{"id": "a3", "text": "oops",,}\n',
            {"id": "a4", "title": "No text"},
            "\n",
            '["not", "an", "object"]\n',
            {"id": "a6", "text": 42},
            "\n",
            {"id": "a1", "text": "Same id again."},
            "\n",
            {"id": 8, "text": "  Integer id.  "},
        ),
    )
    articles, problems = read(path)
    assert [a.doc_id for a in articles] == ["a1", "articles-2", "8"]
    first, second, third = articles
    assert first == Article(
        doc_id="a1",
        body="Russia demanded guarantees.",
        title="Talks",
        date="2022-01-09",
        url="https://example.com/a1",
        source=f"{path}:1",
    )
    assert second.date is None and second.title is None and second.source == f"{path}:2"
    assert third.body == "Integer id."
    assert [str(p) for p in problems] == [
        f"{path}:2: invalid date '09/01/2022' (expected YYYY-MM-DD); ignored",
        f"{path}:4: invalid JSON (Expecting property name enclosed in double quotes: column 29)",
        f"{path}:5: missing 'text'",
        f"{path}:6: expected a JSON object, got an array",
        f"{path}:7: 'text' must be a string, not a number",
        f"{path}:8: duplicate doc_id 'a1' (first read from {path}:1); skipped",
    ]
    assert [p.severity for p in problems] == ["warning"] + ["error"] * 5
    assert problems[1].line == 4 and problems[1].source == str(path)


def test_jsonl_line_in_latin1_is_decoded_with_warning(tmp_path: Path) -> None:
    raw = '{"id": "x", "text": "Café in Genève"}\n'.encode("latin-1")
    (article,), (problem,) = read(write(tmp_path / "l.jsonl", raw))
    assert article.body == "Café in Genève"
    assert problem.severity == "warning" and problem.line == 1 and "not UTF-8" in problem.message


def test_json_object_and_list(tmp_path: Path) -> None:
    one = write(tmp_path / "one.json", json.dumps({"text": "Russia demanded guarantees."}))
    many = write(
        tmp_path / "many.json",
        json.dumps([{"id": "m1", "text": "NATO replied."}, {"text": "Kyiv waited."}, {}]),
    )
    broken = write(tmp_path / "broken.json", '{\n  "text": "x",\n  oops\n}')
    articles, problems = read(one, many, broken)
    assert [a.doc_id for a in articles] == ["one", "m1", "many-2"]
    assert [str(p) for p in problems] == [
        f"{many}: item 3: missing 'text'",
        f"{broken}:3: invalid JSON (Expecting property name enclosed in double quotes: column 3)",
    ]


def test_jsonl_is_streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    def lines() -> Iterator[bytes]:
        yield b'{"id": "s1", "text": "First."}\n'
        raise AssertionError("read past the first line before it was needed")

    monkeypatch.setattr(sys, "stdin", type("Stdin", (), {"buffer": lines()})())
    articles = read_inputs(["-"])
    assert next(articles).doc_id == "s1"


# --- encodings, binary, empty, missing ---------------------------------------------------


def test_latin1_text_is_read_with_a_warning(tmp_path: Path) -> None:
    text = "Café in São Paulo\n\nThe naïve résumé of the French minister, in Genève.\n"
    path = write(tmp_path / "latin.txt", text.encode("latin-1"))
    (article,), (problem,) = read(path)
    assert article.title == "Café in São Paulo"
    assert article.body == "The naïve résumé of the French minister, in Genève."
    assert problem.severity == "warning"
    assert str(problem) == f"{path}: not UTF-8; decoded as cp1252"


def test_binary_file_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    articles, problems = read(path)
    assert articles == []
    assert [str(p) for p in problems] == [f"{path}: binary file, not text"]


def test_explicit_file_with_unknown_suffix_is_read_as_text(tmp_path: Path) -> None:
    (article,), problems = read(write(tmp_path / "README", "Talks\n\nBody.\n"))
    assert problems == [] and (article.doc_id, article.title) == ("README", "Talks")


@pytest.mark.parametrize("content", ["", "  \n\t\n", "\ufeff\n"])
def test_empty_file_is_an_error(tmp_path: Path, content: str) -> None:
    path = write(tmp_path / "empty.txt", content)
    articles, problems = read(path)
    assert articles == []
    assert [str(p) for p in problems] == [f"{path}: empty article"]


def test_missing_file_is_an_error_and_good_inputs_still_read(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "Body.")
    articles, problems = read(tmp_path / "missing.txt", good)
    assert [a.doc_id for a in articles] == ["good"]
    assert [str(p) for p in problems] == [f"{tmp_path / 'missing.txt'}: no such file or folder"]


# --- folders, stdin, strict mode, reporting ----------------------------------------------


def test_folder_walk_is_recursive_sorted_and_reports_skips(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "b.txt", "B.")
    write(root / "a" / "z.md", "Z.")
    write(root / "a" / "y" / "x.jsonl", jsonl({"id": "x1", "text": "X."}))
    write(root / "c.html", HTML)
    write(root / ".hidden.txt", "Hidden.")
    write(root / ".git" / "config.txt", "Hidden folder.")
    write(root / "d.pdf", b"%PDF-1.4")
    extra = write(tmp_path / "extra.txt", "Extra.")
    articles, problems = read(root, extra)
    assert [a.doc_id for a in articles] == ["x1", "z", "b", "c", "extra"]
    assert [(p.severity, Path(p.source).name, p.message) for p in problems] == [
        ("warning", ".git", "hidden folder skipped"),
        ("warning", ".hidden.txt", "hidden file skipped"),
        ("warning", "d.pdf", "unsupported file type '.pdf'; skipped"),
    ]
    # Deterministic: a second run gives the same order.
    assert [a.doc_id for a in read(root)[0]] == ["x1", "z", "b", "c"]


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    data = jsonl({"id": "s1", "text": "From stdin."}, "\n", "{bad\n", {"text": "No id."})
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    articles, problems = read("-")
    assert [(a.doc_id, a.source) for a in articles] == [
        ("s1", "<stdin>:1"),
        ("stdin-3", "<stdin>:3"),
    ]
    assert [str(p) for p in problems] == [
        "<stdin>:2: invalid JSON (Expecting property name enclosed in double quotes: column 2)"
    ]


def test_stdin_text_stream_without_buffer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"id": "t", "text": "Text mode."}\n'))
    assert [a.body for a in read("-")[0]] == ["Text mode."]


def test_strict_raises_at_first_error(tmp_path: Path) -> None:
    latin = write(tmp_path / "1.txt", "Café.".encode("latin-1"))  # a warning only
    write(tmp_path / "2.jsonl", jsonl({"id": "ok", "text": "Fine."}, "\n", "{broken\n"))
    write(tmp_path / "3.txt", "Never read.")
    problems: list[InputError] = []
    seen: list[str] = []
    with pytest.raises(InputProblem) as raised:
        for article in read_inputs([tmp_path], on_error=problems.append, strict=True):
            seen.append(article.doc_id)
    assert seen == ["1", "ok"]
    assert [p.source for p in problems] == [str(latin)]
    assert raised.value.error == InputError(
        str(tmp_path / "2.jsonl"),
        2,
        "invalid JSON (Expecting property name enclosed in double quotes: column 2)",
    )
    assert str(raised.value) == str(raised.value.error)


def test_default_reporting_logs(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="kg.sources"):
        assert list(read_inputs([tmp_path / "nope.txt"])) == []
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("ERROR", f"{tmp_path / 'nope.txt'}: no such file or folder")
    ]


def test_input_error_str() -> None:
    assert str(InputError("articles.jsonl", 17, "invalid JSON (x)")) == (
        "articles.jsonl:17: invalid JSON (x)"
    )
    assert str(InputError("notes.bin", None, "binary file, not text")) == (
        "notes.bin: binary file, not text"
    )
    assert str(InputError("a.txt", None, "odd", "warning")) == "a.txt: odd"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-01-09", "2022-01-09"),
        (" 2022-01-09T23:59:59.123-05:00 ", "2022-01-09"),
        ("2022-01-09 10:00", "2022-01-09"),
        ("2022-13-01", None),
        ("2022-01", None),
        ("January 9, 2022", None),
        (20220109, None),
        (None, None),
    ],
)
def test_normalize_date(value: object, expected: str | None) -> None:
    assert normalize_date(value) == expected


def test_input_bytes_and_on_bytes_agree(tmp_path: Path) -> None:
    """A progress bar's total (input_bytes) is what read_inputs reports reading (on_bytes)."""
    from kg.sources import input_bytes

    (tmp_path / "a.txt").write_text("Title\n\nRussia demanded talks.\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": "x", "text": "NATO met."}\n\n{"id": "y", "text": "EU met."}\n',
                                      encoding="utf-8")
    (tmp_path / "skip.xlsx").write_bytes(b"not read\n")
    (tmp_path / ".hidden.txt").write_text("not read\n", encoding="utf-8")
    seen: list[int] = []
    articles = list(read_inputs([tmp_path], on_bytes=seen.append, on_error=lambda e: None))
    assert [a.doc_id for a in articles] == ["a", "x", "y"]
    assert sum(seen) == input_bytes([tmp_path]) == (tmp_path / "a.txt").stat().st_size + (
        tmp_path / "b.jsonl").stat().st_size
    assert input_bytes(["-"]) is None
    assert input_bytes([tmp_path / "missing"]) == 0


# --------------------------------------------------------------------------- CSV and TSV corpora
@pytest.mark.parametrize(("header", "row"), [
    ("text,id,title,date,url", '"Russia demanded talks.",a1,Talks,2022-01-10,http://x'),
    ("Headline,Body,Published,Link,ID", 'Talks,"Russia demanded talks.",2022-01-10,http://x,a1'),
    ("id,content,title,date_published,url", 'a1,"Russia demanded talks.",Talks,2022-01-10,http://x'),
    ("\ufeffarticle_id,story,heading,pubdate,link", 'a1,"Russia demanded talks.",Talks,2022-01-10,http://x'),
])
def test_a_csv_corpus_is_read_by_its_usual_column_names(tmp_path: Path, header: str, row: str) -> None:
    path = tmp_path / "corpus.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    problems: list = []
    [art] = list(read_inputs([path], on_error=problems.append))
    assert (art.doc_id, art.body, art.title, art.date, art.url) == (
        "a1", "Russia demanded talks.", "Talks", "2022-01-10", "http://x")
    assert not problems


def test_a_csv_row_may_hold_quotes_commas_and_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text('body\n"He said, ""No.""\nThen NATO met."\n\n"Second."\n', encoding="utf-8")
    arts = list(read_inputs([path]))
    assert [a.body for a in arts] == ['He said, "No."\nThen NATO met.', "Second."]
    assert arts[0].doc_id != arts[1].doc_id and arts[0].source.startswith(str(path))


def test_a_tsv_corpus_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "c.tsv"
    path.write_text("id\ttext\nx\tNATO met.\n", encoding="utf-8")
    assert [(a.doc_id, a.body) for a in read_inputs([tmp_path])] == [("x", "NATO met.")]


def test_a_csv_without_a_text_column_names_the_file_and_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    problems: list = []
    assert list(read_inputs([path], on_error=problems.append)) == []
    assert len(problems) == 1 and str(path) in str(problems[0])
    assert "no text column" in str(problems[0]) and "a, b" in str(problems[0])


def test_a_bad_csv_row_is_skipped_and_the_others_are_read(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text('id,text\nr1,"NATO met."\nr2,\nr3,"EU met."\n', encoding="utf-8")
    problems: list = []
    arts = list(read_inputs([path], on_error=problems.append))
    assert [a.doc_id for a in arts] == ["r1", "r3"]
    assert [str(p) for p in problems] == [f"{path}:3: empty article"]


def test_front_matter_gives_a_text_files_title_date_url_and_id(tmp_path: Path) -> None:
    """#18: a .txt or .md article can carry its date."""
    path = tmp_path / "talks.md"
    path.write_text("---\ntitle: Talks in Geneva\ndate: 2022-01-10\nurl: https://example.org/a\nid: geneva-1\n---\n"
                    "Russia demanded guarantees.\n", encoding="utf-8")
    [art] = list(read_inputs([path]))
    assert (art.doc_id, art.title, art.date, art.url, art.body) == (
        "geneva-1", "Talks in Geneva", "2022-01-10", "https://example.org/a", "Russia demanded guarantees.")


def test_a_bad_front_matter_date_is_a_warning_and_the_article_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("---\ndate: last Monday\n---\nTitle\n\nNATO met.\n", encoding="utf-8")
    problems: list = []
    [art] = list(read_inputs([path], on_error=problems.append))
    assert art.date is None and art.title == "Title" and art.body == "NATO met."
    assert len(problems) == 1 and "invalid date 'last Monday'" in str(problems[0])
