"""Benchmark: importing a large mbox (issue 22's target: 10,000 messages in under 10 s).

    .venv/bin/python -m bench.activity [--messages 10000] [--people 200] [--repeat 3]
        [--output bench/results/activity.json]

Generates an mbox of `--messages` messages (headers like a real client's: From,
To, Cc, Date, Message-ID, Subject, and a body of ~1 KB that is never parsed)
between a team of 5 and `--people` stakeholders at the client, a tenth of them
with addresses nobody knows (candidates), a tenth internal only. Times, side by
side and as the median of `--repeat` runs:

- **read**: reading the headers alone (`importers.mail.read_mail`);
- **import**: the whole `stakegraph import --format email` path
  (`api.services.importing.import_file`: read, match, validate, write one transaction)
  into a fresh SQLite store.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

from api.services.importing import import_file
from bench.results import stamp, write_result
from graph.model import Account, AccountBundle, Stakeholder, TeamMember
from graph.store.sqlite import SQLiteStore
from importers.activity import ActivityOptions
from importers.formats import ImportFormat
from importers.mail import read_mail

ACCOUNT = "bench-activity"
TEAM = 5
END = date(2026, 11, 29)
BODY = ("Figures and notes that stay in the body and are never parsed. " * 16 + "\n") * 1


def people(count: int) -> AccountBundle:
    return AccountBundle(
        account_id=ACCOUNT,
        stakeholders=tuple(
            Stakeholder(account_id=ACCOUNT, id=f"p{n}", name=f"Person {n}", email=f"p{n}@client.cn")
            for n in range(count)
        ),
        members=tuple(
            TeamMember(account_id=ACCOUNT, id=f"m{n}", name=f"Member {n}", email=f"m{n}@ours.com")
            for n in range(TEAM)
        ),
    )


def write_mbox(path: Path, messages: int, count: int, seed: int = 0) -> None:
    """`messages` messages; each between one member and 1-3 people (or internal, or
    with an unknown client address), half written by us, spread over the last year."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        for n in range(messages):
            member = f"m{rng.randrange(TEAM)}@ours.com"
            roll = rng.random()
            if roll < 0.1:
                others = [f"m{rng.randrange(TEAM)}@ours.com"]
            elif roll < 0.2:
                others = [f"new{rng.randrange(50)}@client.cn"]
            else:
                others = [f"p{rng.randrange(count)}@client.cn" for _ in range(rng.randint(1, 3))]
            sender, to = (member, others) if rng.random() < 0.5 else (others[0], [member])
            cc = [f"p{rng.randrange(count)}@client.cn"] if rng.random() < 0.3 else []
            when = datetime.combine(END, datetime.min.time(), timezone(timedelta(hours=8)))
            when -= timedelta(minutes=rng.randrange(364 * 24 * 60))
            stream.write(f"From {sender} {when:%a %b %d %H:%M:%S %Y}\n")
            stream.write(f"From: Someone <{sender}>\nTo: {', '.join(to)}\n")
            if cc:
                stream.write(f"Cc: {', '.join(cc)}\n")
            stream.write(
                f"Date: {format_datetime(when)}\nMessage-ID: <{n}.{seed}@bench.example>\n"
                f"Subject: Re: proposal {n}\nMIME-Version: 1.0\n"
                "Content-Type: text/plain; charset=utf-8\n\n"
            )
            stream.write(BODY + "\n")


def time_read(path: Path) -> float:
    start = time.perf_counter()
    for _ in read_mail(path):
        pass
    return time.perf_counter() - start


def time_import(path: Path, folder: Path, count: int, run: int) -> tuple[float, int]:
    store = SQLiteStore(folder / f"store-{run}.db")
    try:
        store.bulk_upsert(people(count), create=Account(id=ACCOUNT, name="Bench"))
        options = ActivityOptions(since=END - timedelta(days=365), until=END)
        start = time.perf_counter()
        report = import_file(
            store, path, account_id=ACCOUNT, format=ImportFormat.email, activity=options
        )
        elapsed = time.perf_counter() - start
        if report.errors:
            raise SystemExit(f"bench import failed: {report.errors[0]}")
        return elapsed, report.created
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", default="bench/results/activity.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        mbox = folder / "bench.mbox"
        write_mbox(mbox, args.messages, args.people)
        reads = [time_read(mbox) for _ in range(args.repeat)]
        imports = [time_import(mbox, folder, args.people, run) for run in range(args.repeat)]
        size = mbox.stat().st_size
    read_s = statistics.median(reads)
    import_s = statistics.median(t for t, _ in imports)
    document = {
        **stamp(),
        "messages": args.messages,
        "mbox_bytes": size,
        "interactions_created": imports[0][1],
        "read_seconds": round(read_s, 3),
        "import_seconds": round(import_s, 3),
        "messages_per_second": round(args.messages / import_s),
        "target_seconds": 10,
    }
    write_result(args.output, document)
    print(
        f"{args.messages:,} messages ({size / 2**20:.1f} MB): read headers {read_s:.2f} s, "
        f"import into SQLite {import_s:.2f} s ({document['interactions_created']:,} interactions) "
        f"— target under 10 s"
    )


if __name__ == "__main__":
    main()
