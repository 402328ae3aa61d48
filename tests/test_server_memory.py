"""``chaingraph serve --max-memory``: a query that needs more memory than a worker may have ends with 503,
its worker is replaced, and the other requests keep answering.

The real server runs as a user starts it (:func:`tests.test_server.running`); the workers' resident memory
is read from ``/proc`` (``VmHWM``, the kernel's high-water mark) while the query runs.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")

from .test_server import Server, _alive, _cli, _descendants, running  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or not Path("/proc/self/status").exists(),
                                reason="the memory limit is Linux's RLIMIT_DATA; the checks read /proc")

#: every pair of triples, sorted: 0.5–0.75 GB a second on Oxigraph without a limit (issue 19)
SORTED_PAIRS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
MiB = 1 << 20
#: what the kernel's limit on private memory leaves to resident memory: libraries paged in, the stack
MARGIN = 48 * MiB
WORKERS = 2


def _status(pid: int, field: str) -> int | None:
    """A ``/proc/PID/status`` field in bytes (``VmRSS``, ``VmHWM``), None once the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _workers(server: Server) -> list[int]:
    return [p for p in _descendants(server.process.pid) if _alive(p)]


class _Peaks(threading.Thread):
    """Records each worker's resident memory at start and its high-water mark until stopped."""

    def __init__(self, pids: list[int]) -> None:
        super().__init__(daemon=True)
        self.start_rss = {pid: _status(pid, "VmRSS") or 0 for pid in pids}
        self.peak = dict(self.start_rss)
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            for pid in self.peak:
                if (high := _status(pid, "VmHWM")) is not None:
                    self.peak[pid] = max(self.peak[pid], high)
            time.sleep(0.002)


@pytest.mark.parametrize(("store", "limit"), [("oxigraph", 256 * MiB), ("memory", 128 * MiB)])
def test_a_query_past_the_memory_limit_gets_503_and_its_worker_is_replaced(store: str, limit: int) -> None:
    with running(store, "--max-memory", f"{limit // MiB}M", "--workers", str(WORKERS), "--timeout", "120") as server:
        kids = _workers(server)  # the fork server and the workers
        peaks = _Peaks(kids)
        peaks.start()
        outcome: dict[str, object] = {}

        def heavy() -> None:
            started = time.perf_counter()
            response = httpx.post(server.url, data={"query": SORTED_PAIRS}, timeout=120)
            outcome.update(status=response.status_code, text=response.text, seconds=time.perf_counter() - started)

        thread = threading.Thread(target=heavy)
        thread.start()
        answered = 0
        while thread.is_alive():  # the other worker keeps answering while the heavy query grows
            response = httpx.get(server.url, params={"query": "ASK { ?l a cg:ChainLink }"}, timeout=10)
            assert response.status_code == 200 and response.json()["boolean"] is True
            answered += 1
            time.sleep(0.05)
        thread.join()
        peaks.done.set()
        peaks.join()

        assert outcome["status"] == 503, outcome
        text = str(outcome["text"])
        assert "needed more memory than this server allows" in text and f"{limit // MiB} MB" in text
        assert "LIMIT" in text and "Traceback" not in text
        assert answered >= 1
        grown = {pid: peaks.peak[pid] - peaks.start_rss[pid] for pid in kids}
        heaviest = max(grown, key=grown.__getitem__)
        print(f"{store}: limit {limit // MiB} MiB, {float(outcome['seconds']):.1f} s; worker start "  # type: ignore[arg-type]
              f"{peaks.start_rss[heaviest] / MiB:.0f} MiB, peak {peaks.peak[heaviest] / MiB:.0f} MiB")
        assert limit // 2 < grown[heaviest] < limit + MARGIN, grown  # it grew to the limit, and no further
        assert all(peaks.peak[pid] < limit + MARGIN + peaks.start_rss[pid] for pid in kids)

        # the pool is whole again, and the replacement answers
        deadline = time.monotonic() + 10
        while len(_workers(server)) != WORKERS + 1:
            assert time.monotonic() < deadline, "the pool was not refilled"
            time.sleep(0.05)
        assert httpx.get(server.url, params={"query": "ASK {}"}).json()["boolean"] is True
        assert "needed more than" in server.output()  # the log says why the worker went


def test_an_ordinary_query_is_untouched_by_a_small_limit() -> None:
    with running("oxigraph", "--max-memory", "64M", "--workers", "1") as server:
        query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 5"  # sorts every triple: fine
        response = httpx.get(server.url, params={"query": query})
        assert response.status_code == 200 and len(response.json()["results"]["bindings"]) == 5


@pytest.mark.parametrize(("value", "message"), [("12X", "--max-memory '12X' is not a size"),
                                                ("10M", "--max-memory 10 MB is too small")])
def test_cli_refuses_a_bad_memory_limit(value: str, message: str) -> None:
    result = _cli("serve", "--max-memory", value)
    assert result.returncode == 2 and message in result.stderr, result.stderr
