"""kg's command line: a thin layer over the library.

Exit status: 0 when every input was read; 1 when some input was skipped
(each one named on stderr); 2 for a usage error or a fatal problem (the
pipeline cannot be loaded, ``--strict`` hit a bad input).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from kg.records import Article, ArticleFacts

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
    typer.Argument(help="Files or folders (.txt, .md, .html, .jsonl, .json); '-' reads JSON Lines from stdin."),
]
ModelOpt = Annotated[
    str | None,
    typer.Option("--model", "-m", help="spaCy pipeline name or path (default: kg's bundled pipeline)."),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Stop at the first bad input.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but problems.")]


class _Run:
    """Reads inputs, extracts facts, and counts what was skipped."""

    def __init__(self, model: str | None, strict: bool, quiet: bool) -> None:
        self.model, self.strict, self.quiet = model, strict, quiet
        self.problems = 0
        self.started = time.perf_counter()

    def on_error(self, problem: object) -> None:
        severity = getattr(problem, "severity", "error")
        if severity == "error":
            self.problems += 1
        err.print(f"kg: {severity}: {problem}", markup=False)

    def on_extraction_error(self, article: Article, error: Exception) -> None:
        """An article kg failed on: named, counted, skipped (a defect of kg's: please report it)."""
        self.problems += 1
        where = article.source or article.doc_id
        err.print(f"kg: error: {where}: extraction failed ({type(error).__name__}: {error}); "
                  "article skipped", markup=False)
        if self.strict:
            raise typer.Exit(2)

    def facts(self, inputs: list[str]) -> list[ArticleFacts] | None:
        from kg.extract import extract
        from kg.extract.errors import KGError
        from kg.nlp import describe, load
        from kg.sources import InputProblem, read_inputs

        try:
            nlp = load(self.model)
        except KGError as e:
            err.print(f"kg: {e}", markup=False)
            raise typer.Exit(2) from e
        if not self.quiet:
            err.print(f"kg: using pipeline {describe(nlp)}", markup=False)
        try:
            articles = read_inputs(inputs, on_error=self.on_error, strict=self.strict)
            return list(extract(articles, nlp, on_error=self.on_extraction_error))
        except InputProblem as e:
            err.print(f"kg: error: {e} (stopped: --strict)", markup=False)
            raise typer.Exit(2) from e

    def summary(self, facts: list[ArticleFacts]) -> None:
        if self.quiet:
            return
        n_ent = sum(len(f.entities) for f in facts)
        n_ev = sum(len(f.events) for f in facts)
        n_dem = sum(1 for f in facts for e in f.events if e.type == "DEMAND")
        secs = time.perf_counter() - self.started
        err.print(
            f"kg: {len(facts)} articles, {n_ent} entities, {n_ev} events ({n_dem} demands), "
            f"{self.problems} inputs skipped, {secs:.1f} s",
            markup=False,
        )

    def exit_code(self) -> int:
        return 1 if self.problems else 0


def write_facts(facts: list[ArticleFacts], out: Path | None) -> None:
    """Facts JSON Lines to ``out`` (atomically) or stdout."""
    from kg.exports import facts_line, write_facts_jsonl

    if out is None or str(out) == "-":
        sys.stdout.writelines(facts_line(f) for f in facts)
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
) -> None:
    """Extract the facts of each article as JSON Lines (one line per article, in input order)."""
    run = _Run(model, strict, quiet)
    facts = run.facts(inputs) or []
    write_facts(facts, output)
    run.summary(facts)
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
        bool, typer.Option("--append", help="Add the articles to those already in OUTPUT (skipping ones present).")
    ] = False,
) -> None:
    """Extract every article and write the merged knowledge graph to OUTPUT.

    Writes graph.ttl, graph.trig, graph.nt, graph.jsonld, graph.graphml,
    graph.json, facts.jsonl, graph.html and the SPARQL store (store/).
    """
    from kg.exports import write_exports
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
    run = _Run(model, strict, quiet)
    facts = run.facts(inputs) or []
    if append:  # #5: old facts of OUTPUT first, then the new articles (see _append_to below)
        facts, base_iri = _append_to(output, facts, base_iri)
    kwargs = {"base_iri": base_iri} if base_iri else {}
    written = write_exports(facts, output, **kwargs)
    if not quiet:
        for path in sorted(map(str, written.values())):
            err.print(f"kg: wrote {path}", markup=False)
    run.summary(facts)
    raise typer.Exit(run.exit_code())


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
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
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


def main() -> None:  # pragma: no cover
    app()


# ----------------------------------------------------------------------------- #5: query, push, build --append


def _append_to(outdir: Path, new: list[ArticleFacts], base_iri: str | None) -> tuple[list[ArticleFacts], str | None]:
    """``build --append``: OUTDIR's facts, then each new article not already there (a note for the others).

    The base IRI defaults to the one the existing store was written with.
    """
    from kg.append import append_facts, read_facts_jsonl

    path = outdir / "facts.jsonl"
    if not path.is_file():
        err.print(f"kg: note: {path} not found; --append starts a new graph", markup=False)
        return new, base_iri
    try:
        old = read_facts_jsonl(path)
    except (OSError, ValueError) as e:
        err.print(f"kg: error: --append: {e}", markup=False)
        raise typer.Exit(2) from e
    merged, skipped = append_facts(old, new)
    for doc_id, reason in skipped:
        err.print(f"kg: note: skipped article {doc_id!r}: {reason}", markup=False)
    if base_iri is None and (outdir / "store").is_dir():
        from kg.store import base_iri_of, open_store

        try:
            base_iri = base_iri_of(open_store(outdir))
        except (OSError, RuntimeError):  # an unreadable store is rewritten with the default base
            base_iri = None
    return merged, base_iri


QueryFormat = Annotated[
    str, typer.Option("--format", "-f", help="table, csv, tsv or json (CONSTRUCT always prints N-Triples).")
]


@app.command("query")
def query_cmd(
    outdir: Annotated[Path, typer.Argument(help="A folder written by 'kg build'.")],
    sparql: Annotated[str, typer.Argument(help="A SPARQL query; '@FILE' reads it from FILE, '-' from stdin.")],
    fmt: QueryFormat = "table",
) -> None:
    """Answer a SPARQL SELECT, ASK or CONSTRUCT query over OUTDIR's store (default graph: all graphs)."""
    import pyoxigraph as ox

    from kg.query import python_value
    from kg.rdf import prefixes_for
    from kg.store import base_iri_of, open_store, query

    formats = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON}
    if fmt not in (*formats, "table"):
        err.print(f"kg: error: --format must be table, csv, tsv or json, not {fmt!r}", markup=False)
        raise typer.Exit(2)
    try:
        text = (
            sys.stdin.read() if sparql == "-" else Path(sparql[1:]).read_text("utf-8") if sparql[:1] == "@" else sparql
        )
        store = open_store(outdir)
        result = query(store, text, prefixes=prefixes_for(base_iri_of(store)))
    except SyntaxError as e:
        err.print(f"kg: error: invalid SPARQL: {e}", markup=False)
        raise typer.Exit(2) from e
    except (OSError, ValueError, RuntimeError) as e:
        err.print(f"kg: error: {e}", markup=False)
        raise typer.Exit(2) from e
    out = sys.stdout
    if isinstance(result, ox.QueryBoolean):
        if fmt in ("json", "csv", "tsv"):
            out.write((result.serialize(format=formats[fmt]) or b"").decode("utf-8") + "\n")
        else:
            out.write(("true" if result else "false") + "\n")
    elif isinstance(result, ox.QuerySolutions):
        if fmt != "table":
            out.write((result.serialize(format=formats[fmt]) or b"").decode("utf-8"))
            return
        from rich.markup import escape
        from rich.table import Table
        from rich.text import Text

        names = [v.value for v in result.variables]
        table = Table(*(escape(n) for n in names), show_lines=False)
        for sol in result:  # values are data: shown as text, never read as markup
            table.add_row(*(Text("" if sol[n] is None else str(python_value(sol[n]))) for n in names))
        Console(highlight=False, soft_wrap=False).print(table)
    else:
        out.write((ox.serialize(list(result), format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8"))


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
                      chunk_size=chunk_size, on_graph=note)  # fmt: skip
    except (PushError, ValueError) as e:
        err.print(f"kg: error: {e}", markup=False)
        raise typer.Exit(1) from e
    if not quiet:
        err.print(
            f"kg: pushed {report.triples} triples in {report.graphs} graphs to {endpoint} ({report.requests} requests)",
            markup=False,
        )
