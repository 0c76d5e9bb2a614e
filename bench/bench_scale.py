"""Benchmark (#6): kg over thousands of articles, as whole processes, on this machine.

    python bench/bench_scale.py [--sizes 1000,2000,5000,10000] [--overhead-n 1000] [--repeat 3]
                                [--only NAME ...]
                                [--out bench/results/scale.json]

Makes corpora of N articles from the evaluation texts (``../shared/eval/dev``
and ``seeds/``, cycled; each copy gets a unique id and its own date, so that
dated events do not all merge) and measures, each as a separate process
timed from outside with its peak memory (``kg build`` and the exports: the
summed PSS of the process and its children, polled every 0.25 s; the timed
extraction runs are not polled, as polling takes CPU from a run that uses both
cores, and give the largest single process's peak):

* ``overhead``: words/s of raw ``nlp.pipe`` (``spacy.load`` of kg's bundled
  pipeline, reading the same JSON Lines, in kg's batches of
  ``kg.extract.BATCH_SIZE`` articles) vs ``kg extract --workers 1``
  with the same pipeline; the ratio must be >= 0.85 (kg's own work <= 15%);
* ``workers``: ``kg extract --workers 2`` vs ``--workers 1`` (speed-up >= 1.8);
  these runs take turns ``--repeat`` times (raw, ``-w 1``, ``-w 2``, raw, ...)
  and their median times are compared: a shared machine's speed drifts by
  several per cent over minutes, more than the differences measured;
* ``dask``: ``kg extract --dask`` on a ``LocalCluster`` of two one-thread
  worker processes on loopback vs ``--workers 2``;
* ``build``: ``kg build --workers 2`` at each size (time, peak memory: linear,
  <= 2 GB at 10k), and the graph and exports alone (``write_exports`` of the
  facts file ``kg build`` wrote) at each size.

Words are whitespace-separated words of the article texts (the same count for
every run, so ratios are ratios of time). Each run also records its CPU time
(user + system of the process tree) and the load average before it: on a
machine that is not idle, the CPU-time ratio of ``overhead`` is the fairer one
(the speed-up of ``workers`` needs both cores free). Results are printed and
written as JSON to ``--out``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev" / "articles.jsonl"
PY = sys.executable

RAW_NLP_PIPE = """
import json, sys, spacy
from kg.models import bundled_model_path
from kg.extract import BATCH_SIZE
nlp = spacy.load(bundled_model_path())
texts = (json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8"))
n = sum(1 for _ in nlp.pipe(texts, batch_size=BATCH_SIZE))
print(n)
"""

EXPORTS_ONLY = """
import sys
from kg.append import iter_facts_jsonl
from kg.exports import write_exports
write_exports(iter_facts_jsonl(sys.argv[1]), sys.argv[2])
"""


def source_articles() -> list[dict[str, Any]]:
    """The evaluation texts: dev articles and the seeds."""
    out: list[dict[str, Any]] = []
    if DEV.is_file():
        out += [json.loads(line) for line in DEV.open(encoding="utf-8") if line.strip()]
    seen = {a.get("id") for a in out}
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        if path.stem not in seen:
            title, _, body = path.read_text(encoding="utf-8").partition("\n\n")
            out.append({"id": path.stem, "title": title.strip(), "text": body.strip()})
    return out


def make_corpus(n: int, path: Path) -> int:
    """A JSON Lines corpus of ``n`` articles; returns its word count."""
    base = source_articles()
    start = date(2015, 1, 1)
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            a = dict(base[i % len(base)])
            a["id"] = f"{a.get('id', 'a')}-{i}"
            a["date"] = (start + timedelta(days=i)).isoformat()
            words += len(a["text"].split()) + len((a.get("title") or "").split())
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    return words


def run(cmd: list[str], *, poll: float | None = 0.25, **kw: Any) -> dict[str, float]:
    """Run ``cmd``; its wall time, CPU time (user + system, of it and the children it
    waited for) and peak memory.

    With ``poll`` (seconds), the peak is the memory of the process and its
    children, polled at that interval: ``peak_mb`` sums their PSS (a page shared
    by n processes, as forked workers share the pipeline, counts 1/n in each),
    ``peak_rss_mb`` their RSS (shared pages counted in every process). Polling costs CPU (psutil walks /proc:
    ~4 % of a core at 20 polls/s), which a run using both cores loses, so the timed
    extraction runs use ``poll=None``: the peak is then the largest single
    process's (``ru_maxrss`` from ``wait4``) and ``peak_summed`` is false.
    """
    import psutil

    peak = peak_rss = 0
    load = os.getloadavg()[0]
    done = threading.Event()
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, **kw)

        def poller(interval: float) -> None:
            nonlocal peak, peak_rss
            ps = psutil.Process(proc.pid)
            while not done.is_set():
                try:
                    procs = [ps, *ps.children(recursive=True)]
                    pss = rss = 0
                    for p in procs:
                        with contextlib.suppress(psutil.Error):
                            m = p.memory_full_info()
                            pss += getattr(m, "pss", m.rss)
                            rss += m.rss
                    peak, peak_rss = max(peak, pss), max(peak_rss, rss)
                except psutil.Error:
                    pass
                done.wait(interval)

        t = threading.Thread(target=poller, args=(poll,), daemon=True) if poll else None
        if t is not None:
            t.start()
        _, status, usage = os.wait4(proc.pid, 0)  # this child's usage, with the children it waited for
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        if t is not None:
            t.join()
        else:
            peak = peak_rss = usage.ru_maxrss * 1024  # KiB on Linux
        if proc.returncode not in (0, 1):
            err.seek(0)
            raise RuntimeError(f"{cmd} failed ({proc.returncode}): {err.read()[-2000:].decode(errors='replace')}")
    return {"seconds": round(seconds, 2), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_mb": round(peak / 2**20, 1), "peak_rss_mb": round(peak_rss / 2**20, 1),
            "peak_summed": t is not None, "load_before": round(load, 2)}


def kg(*args: str) -> list[str]:
    return [PY, "-m", "kg", *args, "-q"]


def extract(tmp: Path, corpus: Path, name: str, *options: str) -> dict[str, float]:
    """``kg extract CORPUS -o TMP/facts-NAME.jsonl OPTIONS``, timed (no memory polling)."""
    return run(kg("extract", str(corpus), "-o", str(tmp / f"facts-{name}.jsonl"), *options), poll=None)


def median_run(runs: list[dict[str, float]]) -> dict[str, Any]:
    """The run of median wall time (of an odd number of runs), with every run's time beside it."""
    ordered = sorted(runs, key=lambda r: r["seconds"])
    return {**ordered[len(ordered) // 2], "all_seconds": [r["seconds"] for r in runs]}


def bench_extraction(tmp: Path, n: int, repeat: int, workers: bool) -> dict[str, Any]:
    """``overhead`` and ``workers``: raw ``nlp.pipe``, ``kg extract -w 1`` (and ``-w 2``),
    run in turn ``repeat`` times (the machine's speed drifts over minutes), medians compared."""
    corpus = tmp / f"corpus-{n}.jsonl"
    words = make_corpus(n, corpus)
    raws, ones, twos = [], [], []
    for _ in range(repeat):
        raws.append(run([PY, "-c", RAW_NLP_PIPE, str(corpus)], poll=None))
        ones.append(extract(tmp, corpus, "1", "--workers", "1"))
        if workers:
            twos.append(extract(tmp, corpus, "2", "--workers", "2"))
    raw, one = median_run(raws), median_run(ones)
    overhead = {"articles": n, "words": words, "repeat": repeat, "nlp_pipe": raw, "kg_extract_1": one,
                "nlp_pipe_wps": round(words / raw["seconds"]), "kg_extract_wps": round(words / one["seconds"]),
                "ratio": round(raw["seconds"] / one["seconds"], 3),
                "ratio_cpu": round(raw["cpu_seconds"] / one["cpu_seconds"], 3),
                "ratio_each_turn": [round(r["seconds"] / o["seconds"], 3) for r, o in zip(raws, ones, strict=True)]}
    print(f"overhead: nlp.pipe {overhead['nlp_pipe_wps']:,} words/s, kg extract {overhead['kg_extract_wps']:,} "
          f"words/s, ratio {overhead['ratio']} (CPU time {overhead['ratio_cpu']}; each turn "
          f"{overhead['ratio_each_turn']}; target >= 0.85)", flush=True)
    out: dict[str, Any] = {"overhead": overhead}
    if workers:
        two = median_run(twos)
        same = (tmp / "facts-1.jsonl").read_bytes() == (tmp / "facts-2.jsonl").read_bytes()
        out["workers"] = {
            "articles": n, "words": words, "repeat": repeat, "workers_1": one, "workers_2": two,
            "same_output": same, "speedup": round(one["seconds"] / two["seconds"], 3),
            "speedup_each_turn": [round(o["seconds"] / t["seconds"], 3) for o, t in zip(ones, twos, strict=True)],
            "workers_2_wps": round(words / two["seconds"])}
        print(f"workers: 1 → {one['seconds']} s, 2 → {two['seconds']} s, speed-up {out['workers']['speedup']} "
              f"(each turn {out['workers']['speedup_each_turn']}; target >= 1.8), same output: {same}", flush=True)
    return out


def bench_dask(tmp: Path, n: int, two: dict[str, float] | None) -> dict[str, Any]:
    from distributed import LocalCluster

    corpus = tmp / f"corpus-{n}.jsonl"
    words = make_corpus(n, corpus)
    if two is None:
        two = extract(tmp, corpus, "2", "--workers", "2")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        dsk = extract(tmp, corpus, "dask", "--dask", cluster.scheduler_address)
    same = (tmp / "facts-2.jsonl").read_bytes() == (tmp / "facts-dask.jsonl").read_bytes()
    out = {"articles": n, "words": words, "workers_2": two, "dask": dsk, "same_output": same,
           "dask_vs_workers": round(two["seconds"] / dsk["seconds"], 3)}
    print(f"dask: {dsk['seconds']} s vs --workers 2 {two['seconds']} s (ratio {out['dask_vs_workers']}), "
          f"same output: {same}", flush=True)
    return out


def bench_build(tmp: Path, sizes: list[int]) -> list[dict[str, Any]]:
    rows = []
    for n in sizes:
        corpus = tmp / f"corpus-{n}.jsonl"
        words = make_corpus(n, corpus)
        out = tmp / f"build-{n}"
        full = run(kg("build", str(corpus), "-o", str(out), "--workers", "2"))
        exports = run([PY, "-c", EXPORTS_ONLY, str(out / "facts.jsonl"), str(tmp / f"exports-{n}")])
        sizes_mb = {p.name: round(p.stat().st_size / 2**20, 1) for p in sorted(out.iterdir()) if p.is_file()}
        row = {"articles": n, "words": words, "build": full, "graph_and_exports": exports, "files_mb": sizes_mb}
        rows.append(row)
        print(f"build {n:>6,}: {full['seconds']:>7} s, peak {full['peak_mb']:>7} MB; graph+exports alone "
              f"{exports['seconds']:>6} s, peak {exports['peak_mb']:>7} MB", flush=True)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,2000,5000,10000")
    ap.add_argument("--overhead-n", type=int, default=1000, help="articles for overhead, workers and dask")
    ap.add_argument("--only", nargs="*", choices=["overhead", "workers", "dask", "build"])
    ap.add_argument("--repeat", type=int, default=3,
                    help="turns of the overhead and workers runs (odd: the medians are compared)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "scale.json")
    args = ap.parse_args()
    # the processes started here (kg, and the LocalCluster's workers, which take this
    # process's sys.path) must import kg from this checkout, installed or not
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    sys.path.insert(0, str(ROOT))
    only = set(args.only or ["overhead", "workers", "dask", "build"])
    results: dict[str, Any] = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]}}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        two = None
        if only & {"overhead", "workers"}:
            results.update(bench_extraction(tmp, args.overhead_n, args.repeat, "workers" in only))
            two = results.get("workers", {}).get("workers_2")
        if "dask" in only:
            results["dask"] = bench_dask(tmp, args.overhead_n, two)
        if "build" in only:
            results["build"] = bench_build(tmp, [int(s) for s in args.sizes.split(",")])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
