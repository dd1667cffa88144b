"""The warehouse file: where it lives, how it is read, and how it is published.

DuckDB allows one writer or many readers of a file, never both at once. So writers
never touch the live file: they build a staging copy beside it and swap it in with
an atomic rename. Readers always see a complete build: reads go through a cursor of an
in-process reader that has one published file attached read-only (kept until the file is
replaced, so a page's queries do not each pay for opening the file and its catalog).
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from pipelines.errors import UserError, WarehouseUnreadable

REPO_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = REPO_ROOT / "sql"
DATA_DIR = REPO_ROOT / "data"
DEFAULT_DB = DATA_DIR / "aftershock.duckdb"
PUBLISH_WAIT = 600.0  # seconds a build waits for another one to finish publishing
# A publish that leaves at least this much of its file free (the blocks of rows it replaced: DuckDB keeps
# them for later writes, and every later publish copies them) writes its contents to a new, compact file.
COMPACT_FREE_SHARE = 0.25
COMPACT_FREE_BYTES = 64 * 2**20
COMPACT_MEMORY = "1GB"  # DuckDB's limit while it writes the copy (its default, 80 % of memory, took 2.8 GB at K=100)


def db_path() -> Path:
    """The live warehouse: AFTERSHOCK_DB if set, else data/aftershock.duckdb."""
    override = os.environ.get("AFTERSHOCK_DB", "").strip()
    return Path(override).expanduser() if override else DEFAULT_DB


def sql_text(name: str) -> str:
    """The text of sql/NAME.sql, so every statement lives in a file a reader can open."""
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"no SQL file {path.relative_to(REPO_ROOT)}")
    return path.read_text(encoding="utf-8")


REBUILD_HINT = "rebuild it from the embedded snapshot with `python -m pipelines seed`"


@contextmanager
def unreadable_as_user_error() -> Iterator[None]:
    """A damaged or foreign warehouse file becomes one plain sentence (no path, no traceback)."""
    try:
        yield
    except duckdb.IOException as exc:
        detail = "not a DuckDB database" if "not a valid DuckDB" in str(exc) else "damaged or truncated"
        raise WarehouseUnreadable(f"the warehouse file cannot be read ({detail}); {REBUILD_HINT}") from None
    except duckdb.CatalogException:
        raise WarehouseUnreadable(f"the warehouse file lacks Aftershock's tables; {REBUILD_HINT}") from None


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection, or WarehouseUnreadable for a file that is not a usable warehouse."""
    with unreadable_as_user_error():
        return duckdb.connect(str(path), read_only=True)


# The event-study macros write each join with the side to hash on the right (the pairs asked for, not
# the returns table): the optimizer cannot know how few launches × securities a list names, and its
# guess would put the 3 M-row returns table in the hash table. Their reads keep the sides as written.
AS_WRITTEN = "SET disabled_optimizers = 'build_side_probe_side'"


def read_query(
    name: str, params: Mapping[str, Any] | None = None, *, path: Path | None = None, as_written: bool = False
) -> pd.DataFrame:
    """Run sql/queries/NAME.sql with bound parameters on a read-only cursor of the published file
    (as_written: the hash joins build on the side the SQL puts on the right, see AS_WRITTEN)."""
    return read_queries([(name, params)], path=path, as_written=as_written)[0]


def read_queries(
    queries: list[tuple[str, Mapping[str, Any] | None]], *, path: Path | None = None, as_written: bool = False
) -> list[pd.DataFrame]:
    """read_query for several queries on one cursor."""
    target = path or db_path()
    if not target.exists():
        raise UserError(f"no warehouse yet; {REBUILD_HINT.replace('rebuild', 'build')}")
    with reader(target, as_written=as_written) as con, unreadable_as_user_error():
        return [con.execute(sql_text(f"queries/{name}"), dict(params or {})).df() for name, params in queries]


READERS_KEPT = 4  # published files (× two optimizer settings) whose readers stay open
_readers: OrderedDict[tuple[str, bool], tuple[tuple[int, int, int], duckdb.DuckDBPyConnection]] = OrderedDict()
_readers_lock = threading.Lock()


@contextmanager
def reader(path: Path, *, as_written: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor (safe to use in this thread) of the reader kept for the file now at path.

    The reader is an in-memory DuckDB with the file attached read-only, not a connection to the
    path: DuckDB hands every connection to an open path the same instance, which after a publish's
    rename would still be the replaced file. A new inode, size or mtime opens a new reader.
    """
    stat = path.stat()
    stamp = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    key = (str(path.resolve()), as_written)
    with _readers_lock:
        held = _readers.get(key)
        if held is None or held[0] != stamp:
            _readers[key] = held = (stamp, _attach(path, as_written))
        _readers.move_to_end(key)
        while len(_readers) > 2 * READERS_KEPT:
            _readers.popitem(last=False)  # closed once no cursor of it is left
        cursor = held[1].cursor()
    try:
        cursor.execute("USE warehouse")
        yield cursor
    finally:
        cursor.close()


def _attach(path: Path, as_written: bool) -> duckdb.DuckDBPyConnection:
    # a large query spills beside the warehouse (as DuckDB does for a file it opens), not into the cwd
    con = duckdb.connect(":memory:", config={"temp_directory": str(path.with_name(f".{path.name}.tmp"))})
    quoted = str(path).replace("'", "''")
    try:
        with unreadable_as_user_error():
            con.execute(f"ATTACH '{quoted}' AS warehouse (READ_ONLY)")
        if as_written:  # an instance-wide setting: this reader serves the as-written reads only
            con.execute(AS_WRITTEN)
    except BaseException:
        con.close()
        raise
    return con


def execute_sql(
    con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """Run each statement of sql/NAME.sql with the parameters it names; returns the last one's rows.

    DuckDB binds parameters only for a single statement, so a file is split into statements.
    """
    rows: list[tuple[Any, ...]] = []
    values = dict(params or {})
    for statement in duckdb.extract_statements(sql_text(name)):
        rows = con.execute(statement, {key: values[key] for key in statement.named_parameters}).fetchall()
    return rows


@contextmanager
def incoming(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> Iterator[None]:
    """Expose frame as the view `incoming` that sql/load/*.sql read, for the length of a block."""
    con.register("incoming", frame)
    try:
        yield
    finally:
        con.unregister("incoming")


class WarehouseBusy(RuntimeError):
    """Another process holds the lock asked for; the message says which."""


def lock_holder(path: Path) -> str:
    """Who holds a lock, as its holder wrote it ("pid 123: seed"); empty when unknown."""
    try:
        return path.read_text(encoding="utf-8").strip()[:200]
    except OSError:
        return ""


@contextmanager
def file_lock(
    path: Path, *, wait_seconds: float, holder: str = "", on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """An exclusive flock on path: the kernel releases it when the holder dies, so a killed run
    never leaves it stuck. Raises WarehouseBusy after wait_seconds (0: do not wait). The holder
    writes who it is into the file, so a waiter (on_wait) and a refusal can name it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        deadline = time.monotonic() + wait_seconds
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                who = lock_holder(path) or "another run"
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(f"{path.name} is held by {who}") from None
                if on_wait and not told:
                    on_wait(f"waiting up to {wait_seconds:.0f} s for {who} to finish publishing…")
                    told = True
                time.sleep(0.05)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}" + (f": {holder}" if holder else ""))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)


def lock_path(live: Path, name: str) -> Path:
    return live.with_name(f".{live.name}.{name}.lock")


def _remove_stale_staging(live: Path) -> None:
    """Staging files of processes that died (kill -9) are junk: remove them."""
    for stale in live.parent.glob(f".{live.name}.staging-*"):  # its .wal, .compact and DuckDB's spill folder too
        try:
            pid = int(stale.name.split("staging-", 1)[1].split("-", 1)[0])
            os.kill(pid, 0)
        except ProcessLookupError:
            try:
                if stale.is_dir() and not stale.is_symlink():
                    shutil.rmtree(stale)
                else:
                    stale.unlink(missing_ok=True)
            except OSError:
                continue  # left for the next run: it never stops a publish
        except (ValueError, PermissionError):
            continue


@contextmanager
def staged_build(
    *,
    from_live: bool,
    target: Path | None = None,
    wait_seconds: float = PUBLISH_WAIT,
    holder: str = "",
    on_wait: Callable[[str], None] | None = None,
    keep_studies: bool = True,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection to a staging file; publish it by rename on success.

    With from_live the staging file starts as a copy of the live warehouse (an
    incremental run); otherwise it starts empty (a full rebuild). One build at a time
    holds the publish lock, so two runs never overwrite each other's changes. On any
    exception the staging file is removed and the live warehouse is left exactly as it was.
    Before the rename every publish re-applies the analytics definitions and rebuilds the
    materialised returns if their inputs changed (pipelines/analytics.py); keep_studies=False publishes
    without the kept default studies (the readers compute them; the next publish keeps them again).
    """
    live = target or db_path()
    live.parent.mkdir(parents=True, exist_ok=True)
    with file_lock(lock_path(live, "publish"), wait_seconds=wait_seconds, holder=holder, on_wait=on_wait):
        _remove_stale_staging(live)
        staging = live.with_name(f".{live.name}.staging-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        compact = staging.with_name(staging.name + ".compact")
        con: duckdb.DuckDBPyConnection | None = None
        try:
            if from_live and live.exists():
                shutil.copyfile(live, staging)  # inside the try: a full disk leaves no partial copy
            with unreadable_as_user_error():
                con = duckdb.connect(str(staging))
            yield con
            from pipelines import analytics  # the analytics import this module: bind late

            # this version's views and macros; returns rebuilt if prices changed
            analytics.refresh(con, keep_studies=keep_studies)
            con.execute("CHECKPOINT")
            compacting = worth_compacting(con) and copy_database(con, compact)
            con.close()
            os.replace(compact if compacting else staging, live)
        except BaseException:
            if con is not None:
                con.close()
            raise
        finally:
            _remove_with_wal(staging)
            _remove_with_wal(compact)


def _remove_with_wal(path: Path) -> None:
    """A DuckDB file of a publish and its write-ahead log, if they are there."""
    for part in (path, path.with_name(path.name + ".wal")):
        part.unlink(missing_ok=True)


def worth_compacting(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the file has so many free blocks that a compact copy pays for itself: a publish that
    computed the kept studies again (an edit of their SQL) left 0.5 GB of 1.6 GB free at K=100."""
    total, free, size = con.execute(
        "SELECT total_blocks, free_blocks, block_size FROM pragma_database_size() "
        "WHERE database_name = current_database()"
    ).fetchone()
    return free * size >= COMPACT_FREE_BYTES and free >= COMPACT_FREE_SHARE * total


def copy_database(con: duckdb.DuckDBPyConnection, target: Path) -> bool:
    """Write everything of con's database (tables with their keys and rows in order, views, macros) into
    a new file at target, which holds only the used blocks; False (and no file) if DuckDB could not, as on a
    full disk: the run's changes are then published in the file as it is."""
    target.unlink(missing_ok=True)
    quoted = str(target).replace("'", "''")  # ATTACH takes no parameters; a path is a string literal
    source = con.execute("SELECT current_database()").fetchone()[0].replace('"', '""')
    try:
        con.execute(f"ATTACH '{quoted}' AS aftershock_compact")
        con.execute(f"SET memory_limit = '{COMPACT_MEMORY}'")
        try:
            con.execute(f'COPY FROM DATABASE "{source}" TO aftershock_compact')
        finally:
            con.execute("RESET memory_limit")
            con.execute("DETACH aftershock_compact")
    except duckdb.Error as exc:
        logging.getLogger("aftershock").warning("compact copy not written, published as it is: %s", exc)
        _remove_with_wal(target)
        return False
    return True


def table_counts(path: Path | None = None) -> dict[str, int]:
    """Row count of every base table, for the seed summary and the idempotence checks."""
    with connect_read_only(path or db_path()) as con:
        tables = [
            row[0]
            for row in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY table_name"
            ).fetchall()
        ]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in tables}
