"""Progress of a run on the terminal, and the summary at its end.

:class:`Progress` wraps the articles going in and the facts coming out. On a
terminal it draws a bar (rich) with articles done, articles/s and an ETA; the
total is estimated from the share of the input files read so far (exact once
they are all read). Off a terminal, or quiet, it draws nothing and only counts.

>>> from io import StringIO
>>> from rich.console import Console
>>> from kg.records import Article, ArticleFacts
>>> p = Progress(Console(file=StringIO()), total_bytes=None)
>>> with p:
...     arts = list(p.reading([Article("d1", "Russia demanded talks.")]))
...     done = list(p.done(ArticleFacts(a) for a in arts))
>>> p.summary(skipped=0).split(" in ")[0]
'1 article, 3 words, 0 entities, 0 events (0 demands), 0 inputs skipped'
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress
from rich.text import Text

from kg.records import Article, ArticleFacts

__all__ = ["Progress"]

#: The bar is redrawn when the counts change, at most this often.
REDRAW_SECONDS = 0.1


class _RateColumn(ProgressColumn):
    """Articles done and articles per second."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{int(task.completed):,} articles · {rate:,.1f}/s", style="progress.data.speed")


class Progress:
    """Counts a run's articles and facts, and draws a progress bar on a terminal."""

    def __init__(self, console: Console, total_bytes: int | None, *, quiet: bool = False) -> None:
        self.console = console
        self.total_bytes = total_bytes
        self.started = time.perf_counter()
        self.bytes_read = 0
        self.read = self.articles = self.failed = self.words = 0
        self.entities = self.events = self.demands = 0
        self.reading_done = False
        self._bar = RichProgress(
            SpinnerColumn(), TextColumn("extracting"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
            _RateColumn(), TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(),
            console=console, disable=quiet or not console.is_terminal, transient=True,
            auto_refresh=False,  # drawn from _update: no refresh thread, so workers can be forked
        )
        self._drawn = 0.0
        self._task = self._bar.add_task("extract", total=None)

    def __enter__(self) -> Progress:
        self.started = time.perf_counter()
        self._bar.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self._bar.stop()

    # ---- hooks
    def on_bytes(self, n: int) -> None:
        """Input bytes read (``read_inputs(on_bytes=...)``)."""
        self.bytes_read += n

    def reading(self, articles: Iterable[Article]) -> Iterator[Article]:
        """The articles, counted as they are read."""
        for article in articles:
            self.read += 1
            self._update()
            yield article
        self.reading_done = True
        self._update()

    def done(self, facts: Iterable[ArticleFacts]) -> Iterator[ArticleFacts]:
        """The facts, counted as they come out."""
        for f in facts:
            self.articles += 1
            self.words += len(f.article.text.split())
            self.entities += len(f.entities)
            self.events += len(f.events)
            self.demands += sum(1 for e in f.events if e.type == "DEMAND")
            self._update()
            yield f

    def on_failed(self) -> None:
        """An article read but not extracted."""
        self.failed += 1
        self._update()

    def _update(self) -> None:
        self._bar.update(self._task, completed=self.articles + self.failed, total=self._total())
        now = time.perf_counter()
        if now - self._drawn >= REDRAW_SECONDS:
            self._drawn = now
            self._bar.refresh()

    def _total(self) -> float | None:
        """Articles in the run: known once everything is read, else extrapolated from the bytes read."""
        if self.reading_done:
            return self.read
        if not self.total_bytes or not self.bytes_read or not self.read:
            return None
        return max(self.read, self.read * self.total_bytes / self.bytes_read)

    # ---- the end
    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def summary(self, skipped: int) -> str:
        """One line: what was extracted, what was skipped, in how long."""
        secs = self.seconds
        rate = f"{self.articles / secs:,.1f} articles/s, {self.words / secs:,.0f} words/s" if secs > 0 else ""
        return (f"{_n(self.articles, 'article')}, {_n(self.words, 'word')}, {_n(self.entities, 'entity', 'entities')}, "
                f"{_n(self.events, 'event')} ({_n(self.demands, 'demand')}), {_n(skipped, 'input')} skipped "
                f"in {secs:,.1f} s ({rate})")


def _n(count: int, one: str, many: str | None = None) -> str:
    """"1 article", "2 articles", "0 entities"."""
    return f"{count:,} {one if count == 1 else many or one + 's'}"
