"""The command line, through typer's CLI runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_model_path_prints_a_loadable_directory():
    result = runner.invoke(app, ["model", "path"])
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip())
    assert (path / "meta.json").exists()


def test_model_info_names_licence_and_sources():
    result = runner.invoke(app, ["model", "info", "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert "CC BY-SA" in json.dumps(info)
    assert "parser" in json.dumps(info)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "talks.txt").write_text(
        "Talks in Geneva\n\nRussia demanded that NATO limit troops in Eastern Europe. "
        "The United States rejected the demand.\n", encoding="utf-8")
    (folder / "broken.jsonl").write_text('{"id": "ok", "text": "NATO met in Brussels."}\n{broken\n',
                                         encoding="utf-8")
    return folder


def test_extract_writes_one_line_per_article_and_names_bad_input(corpus: Path, tmp_path: Path):
    out = tmp_path / "facts.jsonl"
    result = runner.invoke(app, ["extract", str(corpus), "-o", str(out), "-q"])
    assert result.exit_code == 1  # one line of broken.jsonl was skipped
    assert "broken.jsonl:2" in result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["doc_id"] for d in lines] == ["ok", "talks"]
    talks = lines[1]
    assert any(e["name"] == "Russia" and e["type"] == "COUNTRY" for e in talks["entities"])
    assert any(ev["type"] == "DEMAND" for ev in talks["events"])


def test_extract_strict_stops_with_status_2(corpus: Path, tmp_path: Path):
    result = runner.invoke(app, ["extract", str(corpus), "-o", str(tmp_path / "f.jsonl"), "--strict"])
    assert result.exit_code == 2
    assert "broken.jsonl:2" in result.output


def test_extract_unknown_model_is_a_clear_error(corpus: Path):
    result = runner.invoke(app, ["extract", str(corpus), "--model", "no_such_pipeline_xyz"])
    assert result.exit_code == 2
    assert "no_such_pipeline_xyz" in result.output


def test_build_writes_every_export(tmp_path: Path):
    out = tmp_path / "exports"
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    for name in ("graph.ttl", "graph.trig", "graph.nt", "graph.jsonld", "graph.graphml",
                 "graph.json", "facts.jsonl"):
        assert (out / name).stat().st_size > 0, name


def test_build_rejects_a_bad_base_iri_before_any_work(tmp_path: Path):
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "-o", str(tmp_path / "x"), "--base-iri", "not an iri"])
    assert result.exit_code == 2
    assert "--base-iri" in result.output
    assert not (tmp_path / "x").exists()


def test_an_article_kg_fails_on_is_named_and_skipped(tmp_path: Path, monkeypatch):
    import kg.extract.events as events

    def broken(self, doc):
        if "explode" in doc.text:
            raise RuntimeError("boom")
        return original(self, doc)

    original = events.EventExtractor.__call__
    monkeypatch.setattr(events.EventExtractor, "__call__", broken)
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "NATO met Russia."}\n{"id": "b", "text": "Talks explode."}\n',
                   encoding="utf-8")
    out = tmp_path / "f.jsonl"
    result = runner.invoke(app, ["extract", str(src), "-o", str(out), "-q"])
    assert result.exit_code == 1
    assert "extraction failed (RuntimeError: boom)" in result.output and "Traceback" not in result.output
    assert [json.loads(x)["doc_id"] for x in out.read_text(encoding="utf-8").splitlines()] == ["a"]



# ----------------------------------------------------------------------------- #6: workers, progress, summary

NEWS = [
    "Russia demanded that NATO limit troops in Eastern Europe.",
    "The United States rejected the demand on Monday.",
    "Turkey condemned the air strikes in northern Syria.",
    "The European Union imposed sanctions on Belarus.",
    "China urged Japan to return to talks.",
]


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """More articles than one chunk, so that --workers 2 starts worker processes."""
    path = tmp_path / "many.jsonl"
    from kg.parallel import DEFAULT_CHUNK_SIZE

    n = DEFAULT_CHUNK_SIZE * 2 + 3
    path.write_text("".join(json.dumps({"id": f"n{i}", "text": NEWS[i % len(NEWS)]}) + "\n" for i in range(n)),
                    encoding="utf-8")
    return path


def test_workers_give_the_same_facts_file_as_one_process(many: Path, tmp_path: Path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert runner.invoke(app, ["extract", str(many), "-o", str(one), "-q", "--workers", "1"]).exit_code == 0
    result = runner.invoke(app, ["extract", str(many), "-o", str(two), "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "2 worker(s)" in result.output
    assert two.read_bytes() == one.read_bytes()
    assert len(one.read_text(encoding="utf-8").splitlines()) == len(many.read_text(encoding="utf-8").splitlines())


def test_summary_counts_articles_facts_and_skipped_inputs(corpus: Path, tmp_path: Path):
    result = runner.invoke(app, ["extract", str(corpus), "-o", str(tmp_path / "f.jsonl"), "--workers", "1"])
    summary = result.output.strip().splitlines()[-1]
    assert summary.startswith("kg: 2 articles, ")
    assert "1 input skipped in " in summary and "articles/s" in summary
    assert "demand)" in summary and "events (" in summary


def test_no_progress_bar_off_a_terminal(corpus: Path, tmp_path: Path):
    result = runner.invoke(app, ["extract", str(corpus), "-o", str(tmp_path / "f.jsonl")])
    assert "extracting" not in result.output and "eta" not in result.output


def test_workers_must_be_positive(corpus: Path):
    result = runner.invoke(app, ["extract", str(corpus), "--workers", "0"])
    assert result.exit_code == 2


# ----------------------------------------------------------------------------- safe runs (#18)
def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".kg.lock"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built") / "out"
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def graph(built: Path, tmp_path: Path) -> Path:
    import shutil

    out = tmp_path / "out"
    shutil.copytree(built, out)
    return out


def test_build_records_its_inputs(built: Path):
    manifest = json.loads((built / "build.json").read_text())
    from kg.manifest import recorded

    assert manifest["inputs"] == recorded([str(ROOT / "seeds")], built) and manifest["articles"] == 1
    assert not Path(manifest["inputs"][0]).is_absolute()  # the folder may move with its inputs


def test_a_typo_in_the_input_path_leaves_the_graph_whole(graph: Path):
    before = _snapshot(graph)
    result = runner.invoke(app, ["build", "corpus_typo.jsonl", "-o", str(graph)])
    assert result.exit_code == 2
    assert "corpus_typo.jsonl: no such file or folder" in result.output and "unchanged" in result.output
    assert _snapshot(graph) == before


def test_other_inputs_do_not_replace_a_graph_without_force(graph: Path, tmp_path: Path):
    new = tmp_path / "new.txt"
    new.write_text("NATO met in Brussels.\n", encoding="utf-8")
    before = _snapshot(graph)
    result = runner.invoke(app, ["build", str(new), "-o", str(graph), "-q"])
    assert result.exit_code == 2 and "--force" in result.output and "--append" in result.output
    assert _snapshot(graph) == before
    result = runner.invoke(app, ["build", str(new), "-o", str(graph), "-q", "--force"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["doc_id"] for line in (graph / "facts.jsonl").read_text().splitlines()] == ["new"]


def test_the_same_inputs_rebuild_the_graph(graph: Path):
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "-o", str(graph), "-q"])
    assert result.exit_code == 0, result.output


def test_a_graph_whose_inputs_were_not_recorded_is_kept(graph: Path):
    (graph / "build.json").unlink()
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "-o", str(graph), "-q"])
    assert result.exit_code == 2 and "did not record" in result.output


@pytest.mark.parametrize("append", [False, True], ids=["build", "append"])
def test_a_run_that_reads_no_article_writes_nothing(graph: Path, tmp_path: Path, append: bool):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    before = _snapshot(graph)
    result = runner.invoke(app, ["build", str(empty), "-o", str(graph), "--force", *(["--append"] * append)])
    assert result.exit_code == 1
    assert "empty article" in result.output and "unchanged" in result.output
    assert _snapshot(graph) == before
    fresh = tmp_path / "fresh"
    result = runner.invoke(app, ["build", str(empty), "-o", str(fresh)])
    assert result.exit_code == 1 and not fresh.exists()


def test_appending_only_known_articles_leaves_the_graph_whole(graph: Path):
    before = _snapshot(graph)
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "-o", str(graph), "--append"])
    assert result.exit_code == 0 and "no new article" in result.output
    assert _snapshot(graph) == before


def test_appending_records_old_and_new_inputs(graph: Path, tmp_path: Path):
    new = tmp_path / "new.txt"
    new.write_text("NATO met in Brussels.\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(new), "-o", str(graph), "-q", "--append"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((graph / "build.json").read_text())
    from kg.manifest import recorded

    assert manifest["inputs"] == recorded([str(ROOT / "seeds"), str(new)], graph)
    assert manifest["articles"] == 2


def test_a_csv_named_on_the_command_line_is_a_corpus(tmp_path: Path):
    corpus = tmp_path / "news.csv"
    corpus.write_text('id,body\na,"Russia demanded talks with NATO."\nb,"NATO met in Brussels."\n',
                      encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    result = runner.invoke(app, ["extract", str(corpus), "-o", str(out), "-q", "-w", "1"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["doc_id"] for line in out.read_text().splitlines()] == ["a", "b"]


def test_version_and_short_help():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("kg ")
    result = runner.invoke(app, ["-h"])
    assert result.exit_code == 0 and "build" in result.output and "query" in result.output


@pytest.mark.parametrize(("n", "expected"), [(1, "1 article, 1 word"), (2, "2 articles, 2 words")])
def test_the_summary_counts_in_the_singular_for_one(n: int, expected: str):
    from io import StringIO

    from rich.console import Console

    from kg.progress import Progress
    from kg.records import Article, ArticleFacts

    p = Progress(Console(file=StringIO()), total_bytes=None)
    with p:
        arts = list(p.reading([Article(f"d{i}", "Talks.") for i in range(n)]))
        list(p.done(ArticleFacts(a) for a in arts))
    assert p.summary(skipped=1).startswith(expected) and "1 input skipped" in p.summary(skipped=1)


def test_ctrl_c_during_a_build_is_one_line_and_leaves_the_graph(graph: Path, monkeypatch: pytest.MonkeyPatch):
    before = _snapshot(graph)

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("kg.exports.write_jsonld", interrupted)
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "-o", str(graph), "-q"])
    assert result.exit_code == 130 and result.output == f"kg: interrupted; {graph} unchanged\n"
    assert _snapshot(graph) == before


@pytest.mark.parametrize("command", ["build", "extract", "query"])
def test_boolean_flags_show_no_value_in_help(command: str):
    result = runner.invoke(app, [command, "-h"])
    assert result.exit_code == 0
    assert not [line for line in result.output.splitlines() if "<bool>" in line and "--help" not in line]
