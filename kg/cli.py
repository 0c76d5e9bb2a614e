"""kg's command line: a thin layer over the library.

Exit status: 0 when every input was read; 1 when some input was skipped
(each one named on stderr); 2 for a usage error or a fatal problem (the
pipeline cannot be loaded, ``--strict`` hit a bad input, OUTDIR is locked or
holds a graph of other inputs, a query was refused or timed out); 3 when
``kg push`` failed (the endpoint refused, never answered, a certificate or a
redirect loop); 130 when interrupted (Ctrl-C), the outputs unchanged.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from kg.records import Article, ArticleFacts

if TYPE_CHECKING:  # pragma: no cover
    from kg.progress import Progress

app = typer.Typer(
    name="kg",
    help="Build knowledge graphs from international-politics news, offline.",
    no_args_is_help=True,
    add_completion=False,
)
model_app = typer.Typer(help="kg's bundled English pipeline.", no_args_is_help=True)
app.add_typer(model_app, name="model")

err = Console(stderr=True, highlight=False, soft_wrap=True)

InputsArg = Annotated[
    list[str],
    typer.Argument(help="Files or folders (.txt, .md, .html, .jsonl, .json, .csv, .tsv); "
                        "'-' reads JSON Lines from stdin."),
]
ModelOpt = Annotated[
    str | None,
    typer.Option("--model", "-m", help="spaCy pipeline name or path (default: kg's bundled pipeline)."),
]
StrictOpt = Annotated[bool, typer.Option("--strict", metavar="", help="Stop at the first bad input.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", metavar="", help="Print nothing but problems.")]


WorkersOpt = Annotated[
    int | None,
    typer.Option("--workers", "-w", min=1, help="Extraction processes (default: all cores).", show_default=False),
]
ArticleTimeoutOpt = Annotated[
    float, typer.Option("--article-timeout", min=0, metavar="SECONDS",
                        help="Skip an article kg works on longer than SECONDS (0: no limit).")
]
DaskOpt = Annotated[
    str | None,
    typer.Option("--dask", metavar="ADDRESS",
                 help="Extract on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786)."),
]


class _Run:
    """Reads inputs, extracts facts (here, in worker processes or on Dask), counts and reports."""

    def __init__(self, model: str | None, strict: bool, quiet: bool,
                 workers: int | None = None, dask: str | None = None, article_timeout: float = 0) -> None:
        from kg.parallel import available_cores

        self.model, self.strict, self.quiet = model, strict, quiet
        self.article_timeout = article_timeout or None
        self.workers = workers or available_cores()
        self.dask = dask
        self.problems = 0
        self.progress: Progress | None = None

    def on_error(self, problem: object) -> None:
        severity = getattr(problem, "severity", "error")
        if severity == "error":
            self.problems += 1
        err.print(f"kg: {severity}: {problem}", markup=False)

    def on_extraction_error(self, article: Article, error: Exception) -> None:
        """An article kg failed on: named, counted, skipped (a defect of kg's: please report it)."""
        self.problems += 1
        if self.progress is not None:
            self.progress.on_failed()
        where = article.source or article.doc_id
        from kg.extract import ArticleTimeout

        if isinstance(error, ArticleTimeout) or "ArticleTimeout" in str(error):
            err.print(f"kg: error: {where}: {str(error).removeprefix('ArticleTimeout: ')}; article skipped",
                      markup=False)
        else:
            err.print(f"kg: error: {where}: extraction failed ({type(error).__name__}: {error}); "
                      "article skipped", markup=False)
        if self.strict:
            raise typer.Exit(2)

    def facts(self, inputs: list[str], keep: Callable[[Article], bool] | None = None) -> Iterator[ArticleFacts]:
        """The facts of every article of ``inputs`` (those ``keep`` accepts), streamed in input order."""
        from concurrent.futures.process import BrokenProcessPool

        from kg.extract.errors import KGError
        from kg.nlp import describe_model
        from kg.parallel import extract_corpus
        from kg.progress import Progress
        from kg.sources import InputProblem, input_bytes, read_inputs

        try:
            described = describe_model(self.model)
        except KGError as e:
            err.print(f"kg: {e}", markup=False)
            raise typer.Exit(2) from e
        if not self.quiet:
            where = f"on Dask at {self.dask}" if self.dask else f"{self.workers} worker(s)"
            err.print(f"kg: using pipeline {described}; {where}", markup=False)
        self.progress = progress = Progress(err, input_bytes(inputs), quiet=self.quiet)
        articles = read_inputs(inputs, on_error=self.on_error, strict=self.strict, on_bytes=progress.on_bytes)
        if keep is not None:
            articles = (a for a in articles if keep(a))
        try:
            with progress:
                yield from progress.done(extract_corpus(
                    progress.reading(articles), self.model, workers=self.workers, dask=self.dask,
                    on_error=self.on_extraction_error, article_timeout=self.article_timeout))
        except InputProblem as e:
            err.print(f"kg: error: {e} (stopped: --strict)", markup=False)
            raise typer.Exit(2) from e
        except KGError as e:
            err.print(f"kg: {e}", markup=False)
            raise typer.Exit(2) from e
        except BrokenProcessPool as e:
            err.print(f"kg: error: an extraction worker died ({e}); out of memory? try fewer --workers",
                      markup=False)
            raise typer.Exit(2) from e

    def summary(self) -> None:
        if not self.quiet and self.progress is not None:
            err.print(f"kg: {self.progress.summary(skipped=self.problems)}", markup=False)

    def exit_code(self) -> int:
        return 1 if self.problems else 0


def write_facts(facts: Iterable[ArticleFacts], out: Path | None) -> None:
    """Facts JSON Lines to ``out`` (atomically) or stdout, each line written as it comes."""
    from kg.exports import facts_line, write_facts_jsonl

    if out is None or str(out) == "-":
        for f in facts:
            sys.stdout.write(facts_line(f))
            sys.stdout.flush()
        return
    write_facts_jsonl(facts, out)


@app.command()
def extract(
    inputs: InputsArg,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Facts JSON Lines file (default: stdout).")
    ] = None,
    model: ModelOpt = None,
    strict: StrictOpt = False,
    quiet: QuietOpt = False,
    workers: WorkersOpt = None,
    dask: DaskOpt = None,
    article_timeout: ArticleTimeoutOpt = 120.0,
) -> None:
    """Extract the facts of each article as JSON Lines (one line per article, in input order)."""
    run = _Run(model, strict, quiet, workers, dask, article_timeout)
    try:
        write_facts(run.facts(inputs), output)
    except KeyboardInterrupt as e:  # a facts file is written whole or not at all (atomic)
        err.print(f"kg: interrupted{f'; {output} unchanged' if output and str(output) != '-' else ''}",
                  markup=False)
        raise typer.Exit(130) from e
    run.summary()
    raise typer.Exit(run.exit_code())


@app.command()
def build(
    inputs: InputsArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="Output folder.")] = Path("exports"),
    model: ModelOpt = None,
    base_iri: Annotated[str | None, typer.Option("--base-iri", help="Base IRI of the RDF resources.")] = None,
    strict: StrictOpt = False,
    quiet: QuietOpt = False,
    append: Annotated[
        bool, typer.Option("--append", metavar="",
                           help="Add the articles to those already in OUTPUT (skipping ones present).")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", metavar="", help="Replace a graph in OUTPUT that was built from other inputs.")
    ] = False,
    wait: Annotated[
        bool, typer.Option("--wait", metavar="",
                           help="If another kg run is writing OUTPUT, wait for it (default: stop).")
    ] = False,
    workers: WorkersOpt = None,
    dask: DaskOpt = None,
    article_timeout: ArticleTimeoutOpt = 120.0,
) -> None:
    """Extract every article and write the merged knowledge graph to OUTPUT.

    Writes graph.ttl, graph.trig, graph.nt, graph.jsonld, graph.graphml,
    graph.json, facts.jsonl, graph.html, the SPARQL store (store/) and
    build.json (the inputs it was built from). A graph in OUTPUT built from
    other inputs is kept unless --append (add to it) or --force (replace it)
    is given; a run in which no article could be read writes nothing. One
    run writes OUTPUT at a time: another one stops at once, or waits (--wait).
    """
    from kg.exports import write_exports
    from kg.manifest import read_manifest, recorded, replace_refusal, write_manifest
    from kg.rdf import check_base_iri

    if base_iri is not None:
        try:
            check_base_iri(base_iri)
        except ValueError as e:
            err.print(f"kg: error: --base-iri {base_iri!r}: {e}", markup=False)
            raise typer.Exit(2) from e
    problem = _unwritable(output)
    if problem:  # said before the extraction, not after it
        err.print(f"kg: error: {output}: {problem}", markup=False)
        raise typer.Exit(2)
    missing = [i for i in inputs if i != "-" and not Path(i).exists()]
    if len(missing) == len(inputs):  # before the pipeline loads, and before OUTPUT is touched
        for i in missing:
            err.print(f"kg: error: {i}: no such file or folder", markup=False)
        err.print(f"kg: nothing to read; {output} unchanged", markup=False)
        raise typer.Exit(2)
    with contextlib.ExitStack() as held:
        if not output.exists():  # made to hold its lock; removed again if nothing is written
            held.callback(_remove_if_unused, output)
        _hold_lock(held, output, wait)  # before anything is read from it
        if not append and not force and (refusal := replace_refusal(output, inputs)):
            err.print(f"kg: error: {output} {refusal}; --append adds to it, --force replaces it. "
                      "Nothing was written.", markup=False)
            raise typer.Exit(2)
        run = _Run(model, strict, quiet, workers, dask, article_timeout)
        sources = recorded(inputs, output)
        if append:  # #5: old facts of OUTPUT first, then the new articles (see _append_to below)
            before = read_manifest(output)
            known = list(before["inputs"]) if before else []
            sources = [*known, *(i for i in sources if i not in known)]
            old, new, base_iri = _append_to(output, run, inputs, base_iri)
            first = next(new, None)
            if first is None:
                err.print(f"kg: no new article to add; {output} unchanged", markup=False)
                run.summary()
                raise typer.Exit(run.exit_code())
            facts: Iterator[ArticleFacts] = itertools.chain(old, [first], new)
        else:
            stream = run.facts(inputs)
            head = next(stream, None)
            if head is None:
                err.print(f"kg: no article could be read; {output} unchanged", markup=False)
                run.summary()
                raise typer.Exit(max(run.exit_code(), 1))
            facts = itertools.chain([head], stream)
        counted = [0]

        def count(items: Iterator[ArticleFacts]) -> Iterator[ArticleFacts]:
            for f in items:
                counted[0] += 1
                yield f

        kwargs = {"base_iri": base_iri} if base_iri else {}
        try:  # facts stream in: written and merged as they come; the set is switched in at the end
            written = write_exports(count(facts), output, **kwargs)
            write_manifest(output, sources, articles=counted[0])
        except KeyboardInterrupt as e:  # Ctrl-C before the switch: the new set is dropped whole
            err.print(f"kg: interrupted; {output} unchanged", markup=False)
            raise typer.Exit(130) from e
        except OSError as e:  # a full disk, a quota, permissions: the previous set is whole
            where = f" ({e.filename})" if e.filename else ""
            err.print(f"kg: error: cannot write the exports in {output}: {e.strerror or e}{where}; "
                      "the previous ones are unchanged", markup=False)
            raise typer.Exit(2) from e
    if not quiet:
        for path in sorted(map(str, [*written.values(), output / "build.json"])):
            err.print(f"kg: wrote {path}", markup=False)
    run.summary()
    raise typer.Exit(run.exit_code())


def _remove_if_unused(output: Path) -> None:
    """Remove a folder this run made for its lock, if nothing else was written in it."""
    from kg.lock import LOCK_NAME

    with contextlib.suppress(OSError):
        if [p.name for p in output.iterdir()] == [LOCK_NAME]:
            (output / LOCK_NAME).unlink()
            output.rmdir()


def _hold_lock(held: contextlib.ExitStack, output: Path, wait: bool) -> None:
    """Take OUTPUT's write lock for the rest of the run (kg.lock), or exit 2 with a message."""
    from kg.lock import Locked, outdir_lock

    def waiting(pid: str) -> None:
        err.print(f"kg: {output} is being written by another kg run (process {pid or '?'}); waiting",
                  markup=False)

    try:
        held.enter_context(outdir_lock(output, wait=wait, on_wait=waiting))
    except Locked as e:
        err.print(f"kg: error: {e}; nothing was written (run again when it has finished, or "
                  "pass --wait)", markup=False)
        raise typer.Exit(2) from e


def _unwritable(outdir: Path) -> str | None:
    """Why ``outdir`` cannot receive the exports, or None."""
    if outdir.exists() and not outdir.is_dir():
        return "not a folder (kg build writes a folder of exports)"
    existing = next((p for p in [outdir, *outdir.parents] if p.exists()), None)
    if existing is not None and not os.access(existing, os.W_OK | os.X_OK):
        return f"cannot write in {existing}"
    return None


@model_app.command("path")
def model_path() -> None:
    """Print the directory of kg's bundled pipeline (loadable with spacy.load)."""
    from kg.models import bundled_model_path

    typer.echo(str(bundled_model_path()))


@model_app.command("info")
def model_info_cmd(
    as_json: Annotated[bool, typer.Option("--json", metavar="", help="Print JSON.")] = False,
) -> None:
    """Print the bundled pipeline's components, sources, licence and scores."""
    from kg.models import model_info

    info = model_info()
    if as_json:
        typer.echo(json.dumps(info, indent=2, ensure_ascii=False))
        return
    for key, value in info.items():
        if isinstance(value, dict):
            typer.echo(f"{key}:")
            for k, v in value.items():
                if isinstance(v, list) and len(v) > 20:  # a morphologizer's hundreds of labels
                    v = f"{len(v)} labels: {', '.join(map(str, v[:8]))}, ... (kg model info --json lists all)"
                typer.echo(f"  {k}: {v}")
        elif isinstance(value, list):
            typer.echo(f"{key}:")
            for v in value:
                if isinstance(v, dict) and "name" in v:  # a source: name, licence, use
                    v = f"{v['name']} ({v.get('license', '?')}): {v.get('use', '')}".rstrip(": ")
                typer.echo(f"  - {v}")
        else:
            typer.echo(f"{key}: {value}")


def _version(value: bool) -> None:
    if value:
        from kg import __version__

        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback(context_settings={"help_option_names": ["-h", "--help"]})
def _root(
    version: Annotated[
        bool, typer.Option("--version", metavar="", callback=_version, is_eager=True,
                           help="Print kg's version and exit.")
    ] = False,
) -> None:
    """Build knowledge graphs from international-politics news, offline."""


def main() -> None:  # pragma: no cover
    app()


# ----------------------------------------------------------------------------- #5: query, push, build --append


def _append_to(
    outdir: Path, run: _Run, inputs: list[str], base_iri: str | None
) -> tuple[Iterator[ArticleFacts], Iterator[ArticleFacts], str | None]:
    """``build --append``: OUTDIR's facts, and those of each new article not already there.

    An article with a ``doc_id`` or text already in OUTDIR is skipped, with a
    note, before it is extracted. The base IRI defaults to the one the existing
    store was written with.
    """
    from kg.append import Known, iter_facts_jsonl

    path = outdir / "facts.jsonl"
    if not path.is_file():
        err.print(f"kg: note: {path} not found; --append starts a new graph", markup=False)
        return iter(()), run.facts(inputs), base_iri
    try:
        known = Known.of(iter_facts_jsonl(path))  # a first pass: ids and text digests only
    except (OSError, ValueError) as e:
        err.print(f"kg: error: --append: {e}", markup=False)
        raise typer.Exit(2) from e

    def keep(article: Article) -> bool:
        reason = known.add(article)
        if reason:
            err.print(f"kg: note: skipped article {article.doc_id!r}: {reason}", markup=False)
        return reason is None

    if base_iri is None and (outdir / "store").is_dir():
        from kg.store import base_iri_of, open_store

        try:
            base_iri = base_iri_of(open_store(outdir))
        except (OSError, RuntimeError):  # an unreadable store is rewritten with the default base
            base_iri = None
    return iter_facts_jsonl(path), run.facts(inputs, keep), base_iri


QueryFormat = Annotated[
    str, typer.Option("--format", "-f", help="table, csv, tsv or json (CONSTRUCT always prints N-Triples).")
]


@app.command("query")
def query_cmd(
    outdir: Annotated[Path, typer.Argument(help="A folder written by 'kg build'.")],
    sparql: Annotated[str, typer.Argument(help="A SPARQL query; '@FILE' reads it from FILE, '-' from stdin.")],
    fmt: QueryFormat = "table",
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Stop the query after SECONDS.")] = 60.0,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="At most N rows (the table format: 1000 unless given).",
                                 show_default=False)
    ] = None,
    allow_service: Annotated[
        bool, typer.Option("--allow-service", metavar="",
                           help="Run SERVICE clauses (federated queries reach the network).")
    ] = False,
) -> None:
    """Answer a SPARQL SELECT, ASK or CONSTRUCT query over OUTDIR's store (default graph: all graphs).

    Read-only and offline: updates and SERVICE are refused; a query is stopped
    after --timeout seconds; results are written as they come.
    """
    from kg.rdf import prefixes_for
    from kg.sparql import QueryRefused, QueryTimeout, check_query, run_bounded, unknown_prefixes
    from kg.store import base_iri_of, open_store

    if fmt not in ("table", "csv", "tsv", "json"):
        err.print(f"kg: error: --format must be table, csv, tsv or json, not {fmt!r}", markup=False)
        raise typer.Exit(2)
    try:
        text = (
            sys.stdin.read() if sparql == "-" else Path(sparql[1:]).read_text("utf-8") if sparql[:1] == "@" else sparql
        )
        check_query(text, allow_service=allow_service)
        known = prefixes_for(base_iri_of(open_store(outdir)))  # (the child opens its own store)
        if unknown := unknown_prefixes(text, known):
            raise QueryRefused(f"unknown prefix {', '.join(p + ':' for p in unknown)} (declare it with PREFIX, "
                               f"or use one of kg's: {', '.join(p + ':' for p in known)})")
    except (QueryRefused, OSError, ValueError, RuntimeError) as e:
        err.print(f"kg: error: {e}", markup=False)
        raise typer.Exit(2) from e
    try:
        code = run_bounded(_answer, (outdir, text, fmt, limit if limit or fmt != "table" else 1000), timeout)
    except QueryTimeout as e:
        err.print(f"kg: error: {e}", markup=False)
        raise typer.Exit(2) from e
    raise typer.Exit(code)


def _cell(term: Any, prefixes: dict[str, str]) -> str:
    """A table cell: an IRI as a prefixed name, a literal as its value."""
    import pyoxigraph as ox

    from kg.query import prefixed, python_value

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return prefixed(term.value, prefixes)
    return str(python_value(term))


def _answer(outdir: Path, text: str, fmt: str, limit: int | None) -> int:
    """``kg query``'s work, in the child process: the query's results on stdout; 0, or 2
    with one line on stderr."""
    import pyoxigraph as ox

    from kg.rdf import prefixes_for
    from kg.store import base_iri_of, open_store, query

    formats = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON}
    try:
        store = open_store(outdir)
        result = query(store, text, prefixes=prefixes_for(base_iri_of(store)))
    except SyntaxError as e:
        err.print(f"kg: error: invalid SPARQL: {e}", markup=False)
        return 2
    except (OSError, ValueError, RuntimeError) as e:
        err.print(f"kg: error: {e}", markup=False)
        return 2
    out = sys.stdout
    if isinstance(result, ox.QueryBoolean):
        if fmt in formats:
            out.write((result.serialize(format=formats[fmt]) or b"").decode("utf-8") + "\n")
        else:
            out.write(("true" if result else "false") + "\n")
    elif isinstance(result, ox.QuerySolutions):
        if fmt != "table" and limit is not None:
            from kg.sparql import write_solutions

            out.flush()
            if write_solutions(result, fmt, out.buffer, limit):
                err.print(f"kg: only the first {limit} rows written (--limit)", markup=False)
            return 0
        if fmt != "table":
            out.flush()
            result.serialize(out.buffer, format=formats[fmt])  # streamed as the solutions come
            return 0
        from rich.markup import escape
        from rich.table import Table
        from rich.text import Text

        names = [v.value for v in result.variables]
        names_of = prefixes_for(base_iri_of(store))  # IRIs shown as prefixed names ("entity:Q159")
        table = Table(*(escape(n) for n in names), show_lines=False)
        cut = False
        for shown, sol in enumerate(result):  # values are data: shown as text, never read as markup
            if limit is not None and shown >= limit:
                cut = True
                break
            table.add_row(*(Text(_cell(sol[n], names_of)) for n in names))
        Console(highlight=False, soft_wrap=False).print(table)
        if cut:
            err.print(f"kg: only the first {limit} rows shown (--limit N, or --format csv for all)", markup=False)
    else:
        out.flush()
        ox.serialize(result, out.buffer, format=ox.RdfFormat.N_TRIPLES)
    return 0


@app.command("neo4j")
def neo4j_cmd(
    outdir: Annotated[Path, typer.Argument(help="A folder written by 'kg build'.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the CSV bundle.")] = Path("neo4j"),
) -> None:
    """Write OUTDIR's graph as a CSV bundle for 'neo4j-admin database import' (nodes and relationships)."""
    from kg.api import load
    from kg.neo4j import write_neo4j_csv

    try:
        paths = write_neo4j_csv(load(outdir).to_networkx(), output)
    except (OSError, ValueError, RuntimeError) as e:
        err.print(f"kg: error: {e}", markup=False)
        raise typer.Exit(2) from e
    for path in paths.values():
        err.print(f"kg: wrote {path}", markup=False)
    names = {k: p.name for k, p in paths.items()}
    err.print(f"kg: import with: neo4j-admin database import full --nodes={names['entities']} "
              f"--nodes={names['events']} --nodes={names['articles']} --relationships={names['relationships']} "
              '--array-delimiter=";" neo4j (in that folder)', markup=False)


@app.command("push")
def push_cmd(
    outdir: Annotated[Path, typer.Argument(help="A folder written by 'kg build'.")],
    endpoint: Annotated[str, typer.Option("--endpoint", help="SPARQL 1.1 Graph Store HTTP Protocol URL.")],
    graph: Annotated[
        str | None, typer.Option("--graph", help="Push everything into this one graph IRI (default: one per article).")
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="User name (basic or digest auth).")] = None,
    password: Annotated[str | None, typer.Option("--password", envvar="KG_PUSH_PASSWORD", help="Password.")] = None,
    auth: Annotated[str, typer.Option("--auth", help="auto (what the server asks), basic or digest.")] = "auto",
    chunk_size: Annotated[int, typer.Option("--chunk-size", min=1, help="Triples per request.")] = 20_000,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Give up on a graph after SECONDS, retries included.")
    ] = 120.0,
    quiet: QuietOpt = False,
) -> None:
    """Load OUTDIR's graph into a triple store: each named graph replaced (PUT), so pushing twice changes nothing."""
    from kg.api import load
    from kg.push import PushError, push

    try:
        quads = load(outdir).quads()  # as graph.trig has them (the store normalises some datatypes)
    except (OSError, ValueError, RuntimeError) as e:
        err.print(f"kg: error: {e}", markup=False)
        raise typer.Exit(2) from e

    def note(name: str, n: int) -> None:
        if not quiet:
            err.print(f"kg: pushed {n} triples to <{name}>", markup=False)

    try:
        report = push(quads, endpoint, graph=graph, user=user, password=password, auth=auth,
                      chunk_size=chunk_size, timeout=timeout, on_graph=note)  # fmt: skip
    except ValueError as e:
        err.print(f"kg: error: {e}", markup=False)
        raise typer.Exit(2) from e
    except PushError as e:
        err.print(f"kg: error: {e}", markup=False)
        raise typer.Exit(3) from e
    if not quiet:
        err.print(
            f"kg: pushed {report.triples} triples in {report.graphs} graphs to {endpoint} ({report.requests} requests)",
            markup=False,
        )
