"""Every benchmark, one summary: `python -m bench` (what `make bench` runs).

Runs, on this machine, at the seeds' full scale (seeded into instance/ on first use and
reused): the full-scale imports, verification through gunicorn against /healthz (and the
worker's memory), directory fuzzy search, the assistant, the support console with a million
exchanges, the care coordinator's worklist, the timing oracles and e-mail delivery; then
prints one table of the key figures and writes it as JSON under bench/results/ next to each
benchmark's own results. Takes about 10 minutes the first time.
"""
from __future__ import annotations

import json
import subprocess
import sys

from bench.common import RESULTS, ROOT, machine, print_table, write_results

STEPS = [
    ("imports", ["-m", "bench.imports"]),
    ("verification", ["-m", "bench.verification", "--scale", "full"]),
    ("directory", ["-m", "bench.directory", "--scale", "full"]),
    ("faq", ["-m", "bench.faq"]),
    ("support", ["-m", "bench.support"]),
    ("worklist", ["-m", "bench.worklist", "--scale", "full"]),
    ("oracle", ["-m", "bench.oracle"]),
    ("mail", ["-m", "bench.mail"]),
]


def _latest(name: str) -> dict:
    files = sorted(RESULTS.glob(f"{name}-*.json"))
    return json.loads(files[-1].read_text()) if files else {}


def main() -> None:
    for name, args in STEPS:
        print(f"\n=== {name}", flush=True)
        subprocess.run([sys.executable, *args], cwd=ROOT, check=True)
    imports, verification, directory = _latest("imports"), _latest("verification"), _latest("directory")
    faq, support, oracle, mail = _latest("faq"), _latest("support"), _latest("oracle"), _latest("mail")
    worklist = _latest("worklist")
    first_page = worklist["results"]["worklist, first page"]
    members = imports["results"]["members"]
    search = directory["results"]["provider name search (fuzzy)"]
    real = faq["real"]
    dashboard = support["results"]["dashboard, whole year"]
    rows = [
        ("full-scale import: 2.6M members with attribution", f"{members['seconds']} s, "
         f"{members['rows_per_second']:,} rows/s ({imports['database']})"),
        ("verification throughput / /healthz throughput", f"{verification['ratio']} "
         f"({verification['verification']['rps']} vs {verification['healthz']['rps']} req/s)"),
        ("gunicorn worker memory (full scale)", f"{verification['worker_memory_mb']} MB"),
        ("directory fuzzy search over 144,000 providers", f"p50 {search['p50_ms']} ms, p95 {search['p95_ms']} ms"),
        ("assistant answer (whole knowledge base)", f"p50 {real['p50_ms']} ms, p95 {real['p95_ms']} ms"),
        ("assistant safety check alone (runs first)", f"mean {faq['safety']['mean_ms']} ms, "
         f"p95 {faq['safety']['p95_ms']} ms"),
        ("support dashboard, a year of 1,000,000 exchanges", f"p50 {dashboard['p50_ms']} ms"),
        (f"worklist, coordinator with {worklist['figures']['patients']:,} patients and "
         f"{worklist['figures']['open_items']:,} open items", f"p50 {first_page['p50_ms']} ms, "
         f"p95 {first_page['p95_ms']} ms ({first_page['p95_ratio_to_baseline']}x /healthz p95)"),
        (f"e-mail: {mail['messages']:,} queued messages to a local SMTP server",
         f"{mail['messages_per_second']:,} messages/s ({mail['ratio']} of smtplib alone), "
         f"worker peak {mail['worker_peak_mb']} MB"),
        ("timing oracles, ratio of medians (1.00: nothing to learn)",
         ", ".join(f"{name.split(':')[0]} {pair['ratio']}" for name, pair in oracle["pairs"].items())),
    ]
    print(f"\nSummary on {machine()['cpus']} CPUs, Python {machine()['python']}")
    print_table(rows, ("measure", "result"))
    path = write_results("summary", {"rows": dict(rows)})
    print(f"\nresults written to {path.name}")


if __name__ == "__main__":
    main()
