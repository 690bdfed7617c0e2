"""Core statements compiled once per dialect and run straight on its driver.

Why: for the statements on nearly every quiz request (the funnel's upsert, the last step's
"is this result stored?"), SQLAlchemy's path for a Core statement (the compiled cache's key,
each parameter and column through its type) cost more than the statement itself.
`connection.exec_driver_sql(s.sql, s.parameters({...}))` keeps the rest: the connection's
events (SQLite's writers' queue), and errors raised as SQLAlchemy's. The conversions the
column types would make (SQLite's DATE as text, its JSON decoded) are made here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Dialect
from sqlalchemy.sql import Executable


@dataclass(frozen=True)
class DriverStatement:
    sql: str
    positions: tuple[str, ...] | None  # parameter names in the driver's order; None: by name
    to_driver: Mapping[str, Callable]  # parameter -> its type's conversion for the driver
    from_driver: tuple[Callable | None, ...]  # selected column -> its type's conversion back

    def parameters(self, named: Mapping[str, object]) -> tuple | dict:
        """`named` (every parameter by name) as the driver takes them."""
        values = {name: self.to_driver[name](value) if name in self.to_driver else value
                  for name, value in named.items()}
        return tuple(values[name] for name in self.positions) if self.positions else values

    def row(self, row: Sequence) -> tuple:
        """A row the driver returned, each column as its type gives it."""
        return tuple(value if convert is None else convert(value)
                     for value, convert in zip(row, self.from_driver, strict=True))


_STATEMENTS: dict[tuple, DriverStatement] = {}


def for_driver(build: Callable[[str], Executable], dialect: Dialect,
               **compile_options) -> DriverStatement:
    """The statement `build(dialect name)` makes, compiled once for `dialect` with
    `compile_options` (each `build` always with the same ones)."""
    key = (build, dialect.name, dialect.driver, dialect.paramstyle)
    found = _STATEMENTS.get(key)
    if found is None:
        statement = build(dialect.name)
        compiled = statement.compile(dialect=dialect, **compile_options)
        to_driver = {}
        for name, bind in compiled.binds.items():
            convert = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if convert is not None:
                to_driver[name] = convert
        from_driver = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in getattr(statement, "selected_columns", ()))
        found = _STATEMENTS[key] = DriverStatement(
            compiled.string, tuple(compiled.positiontup or ()) or None, to_driver, from_driver)
    return found
