"""Fast bulk loading of plain row tuples, for the demo data generator and large imports.

Rows go through each column's SQLAlchemy bind processor, so dates, UTC datetimes, booleans
and JSON are stored exactly as the ORM would store them; then:

- PostgreSQL with psycopg 3: COPY ... FROM STDIN on the raw driver connection;
- SQLite: the raw DBAPI cursor's executemany, in batches.

Everything runs on the caller's Connection, inside the caller's transaction. For large
loads, `deferred_indexes_and_keys` builds indexes and checks foreign keys once, at the end.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Table, bindparam, text

Row = Sequence[Any]


def bulk_insert(
    connection: Connection, table: Table, columns: list[str], rows: Iterable[Row], batch_size: int = 50_000
) -> int:
    """Insert `rows` (tuples in the order of `columns`) into `table`; return how many.

    The rows are consumed lazily, at most `batch_size` at a time, so a generator of any
    length can be loaded in constant memory. Columns left out get no Python-side default,
    so every NOT NULL column without a server default must be listed.
    """
    _check_columns(table, columns)
    convert = _row_converter(connection, table, columns)
    converted: Iterator[Row] = map(convert, rows) if convert else iter(rows)
    dialect = connection.dialect
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        return _copy(connection, table, columns, converted)
    if dialect.name == "sqlite":
        return _executemany_sqlite(connection, table, columns, converted, batch_size)
    raise NotImplementedError(
        f"bulk_insert supports SQLite and PostgreSQL with psycopg 3, not {dialect.name}+{dialect.driver}"
    )


def reset_sequences(connection: Connection, tables: Iterable[Table]) -> None:
    """On PostgreSQL, move each table's `id` sequence past the highest id (rows were
    inserted with explicit ids, which sequences do not see). Nothing to do on SQLite."""
    if connection.dialect.name != "postgresql":
        return
    preparer = connection.dialect.identifier_preparer
    for table in tables:
        if "id" not in table.c:
            continue
        name = preparer.format_table(table)
        # setval(seq, 1, false) on an empty table: the next id is 1 again.
        connection.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:name, 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) "
                f"FROM {name}"
            ),
            {"name": name},
        )


@contextmanager
def deferred_indexes_and_keys(connection: Connection, tables: Iterable[Table]) -> Iterator[None]:
    """Drop the tables' secondary indexes (and, on PostgreSQL, their foreign keys) for the
    duration of a bulk load, and create them again afterwards: building an index once, or
    checking a foreign key with one query, is much faster than doing it row by row.

    Primary keys and unique constraints stay. What is recreated is what the database had
    (the stored definitions), whatever created it. Both databases run this DDL inside the
    transaction: if the load fails, the rollback restores everything. The caller must load
    only consistent rows: on PostgreSQL a broken reference fails at the end, not at the row.
    On PostgreSQL the tables are analyzed at the end, in the same transaction.
    """
    tables = list(tables)
    statements = _deferrable_statements(connection, tables)
    for drop, _ in statements:
        connection.exec_driver_sql(drop)
    yield
    for _, create in reversed(statements):
        connection.exec_driver_sql(create)
    if connection.dialect.name == "postgresql":
        # Fresh statistics for the planner: without them it guesses thousands of rows per
        # member for the verification join (autovacuum analyzes only minutes later).
        preparer = connection.dialect.identifier_preparer
        connection.exec_driver_sql("ANALYZE " + ", ".join(preparer.format_table(table) for table in tables))


def _deferrable_statements(connection: Connection, tables: list[Table]) -> list[tuple[str, str]]:
    """(drop, create) statements for the tables' secondary indexes and foreign keys, in the
    order they must be dropped (foreign keys first)."""
    preparer = connection.dialect.identifier_preparer
    if connection.dialect.name == "sqlite":
        driver_connection = _driver_connection(connection)
        if not driver_connection.in_transaction:
            # pysqlite opens its implicit transaction only before DML: open it now, so that
            # DROP INDEX rolls back with the rest if the load fails.
            driver_connection.execute("BEGIN")
        indexes = connection.execute(
            text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "AND tbl_name IN :tables ORDER BY name"
            ).bindparams(bindparam("tables", expanding=True)),
            {"tables": [table.name for table in tables]},
        ).all()
        return [(f"DROP INDEX {preparer.quote(name)}", definition) for name, definition in indexes]
    if connection.dialect.name != "postgresql":
        return []
    # regclass::text names a relation as SQL needs it (quoted, schema-qualified if need be).
    regclasses = {"tables": [preparer.format_table(table) for table in tables]}
    keys = connection.execute(
        text(
            "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = ANY(CAST(:tables AS regclass[])) ORDER BY 1, 2"
        ),
        regclasses,
    ).all()
    indexes = connection.execute(
        text(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(CAST(:tables AS regclass[])) AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1"
        ),
        regclasses,
    ).all()
    return [
        (f"ALTER TABLE {table} DROP CONSTRAINT {name}", f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        for table, name, definition in keys
    ] + [(f"DROP INDEX {name}", definition) for name, definition in indexes]


def _driver_connection(connection: Connection) -> Any:
    """The driver's own connection (sqlite3 or psycopg) under the SQLAlchemy one."""
    driver_connection = connection.connection.driver_connection
    if driver_connection is None:
        raise RuntimeError("the connection is closed")
    return driver_connection


def _check_columns(table: Table, columns: list[str]) -> None:
    unknown = [name for name in columns if name not in table.c]
    if unknown:
        raise ValueError(f"{table.name} has no column(s) {', '.join(unknown)}")
    missing = [
        column.name
        for column in table.columns
        if column.name not in columns
        and not column.nullable
        and column.server_default is None
        and column is not table.autoincrement_column
    ]
    if missing:
        raise ValueError(f"{table.name}: NOT NULL column(s) {', '.join(missing)} must be given")


def _row_converter(connection: Connection, table: Table, columns: list[str]) -> Callable[[Row], Row] | None:
    """A function applying the columns' bind processors to a row, or None when none has one."""
    dialect = connection.dialect
    processors = {
        index: processor
        for index, name in enumerate(columns)
        if (processor := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None
    }
    if not processors:
        return None
    # The converter runs once per row, millions of times: a generated lambda that builds the
    # tuple in one expression, e.g. `lambda r: (r[0], p1(r[1]))`, is several times faster
    # than a loop over the processors. Only indexes and local names go into the source.
    items = ", ".join(f"p{i}(r[{i}])" if i in processors else f"r[{i}]" for i in range(len(columns)))
    return eval(f"lambda r: ({items},)", {f"p{i}": processor for i, processor in processors.items()})


def _batches(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    while batch := list(islice(rows, size)):
        yield batch


def _copy(connection: Connection, table: Table, columns: list[str], rows: Iterator[Row]) -> int:
    preparer = connection.dialect.identifier_preparer
    column_list = ", ".join(preparer.quote(name) for name in columns)
    statement = f"COPY {preparer.format_table(table)} ({column_list}) FROM STDIN"
    count = 0
    cursor = _driver_connection(connection).cursor()
    try:
        # COPY streams: psycopg sends the data in chunks as rows are written.
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    finally:
        cursor.close()
    return count


def _executemany_sqlite(
    connection: Connection, table: Table, columns: list[str], rows: Iterator[Row], batch_size: int
) -> int:
    preparer = connection.dialect.identifier_preparer
    column_list = ", ".join(preparer.quote(name) for name in columns)
    placeholders = ", ".join("?" for _ in columns)
    statement = f"INSERT INTO {preparer.format_table(table)} ({column_list}) VALUES ({placeholders})"
    count = 0
    cursor = _driver_connection(connection).cursor()
    try:
        for batch in _batches(rows, batch_size):
            cursor.executemany(statement, batch)
            count += len(batch)
    finally:
        cursor.close()
    return count

