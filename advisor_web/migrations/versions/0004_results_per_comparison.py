"""Results and tallies per comparison: a stored result records its comparison's slug and a
score per option (`scores`, JSON keyed by option id) in place of `node_score` and
`python_score`; a tally's key gains the comparison. Every existing row is Node.js vs Python.

The scores move without changing a value: each double is written into the JSON as text that
reads back as the very same double (SQLite's own JSON functions print 15 digits and would
round some scores), and a whole number keeps its ".0", as Python writes it.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# The comparison every row made before this revision belongs to (data/backend.toml's slug).
FIRST_COMPARISON = "node-vs-python"
OPTIONS = ("node", "python")
OLD_TALLY_KEY = ("day", "quiz_version", "kind", "key", "value")
TALLY_KEY = ("day", "comparison", "quiz_version", "kind", "key", "value")


def _number_as_json(column: str, dialect: str) -> str:
    """SQL turning a float column into JSON number text that reads back as the same float."""
    if dialect == "postgresql":
        # float8's text is the shortest that reads back exactly (PostgreSQL 12 onwards).
        return (f"CASE WHEN {column} = trunc({column}) AND abs({column}) < 1e15 "
                f"THEN trunc({column})::bigint::text || '.0' ELSE {column}::text END")
    # 15 significant digits when they read back exactly, else 17 (which always do; SQLite's
    # printf stops at 16 digits unless "!" asks for more).
    return (f"CASE WHEN {column} = CAST({column} AS INTEGER) THEN printf('%.1f', {column}) "
            f"WHEN CAST(printf('%.15g', {column}) AS REAL) = {column} "
            f"THEN printf('%.15g', {column}) ELSE printf('%!.17g', {column}) END")


def _scores_as_json(dialect: str) -> str:
    parts = " || ', ' || ".join(
        f"'\"{option}\": ' || {_number_as_json(f'{option}_score', dialect)}"
        for option in OPTIONS)
    text = f"'{{' || {parts} || '}}'"
    return f"CAST({text} AS json)" if dialect == "postgresql" else text


def _tally(*, comparison: bool) -> sa.Table:
    """The tally table without its unique key (for SQLite's copy-and-move, which leaves the
    old key, unnamed in 0001, behind)."""
    columns = [sa.Column("id", sa.Integer, primary_key=True),
               sa.Column("day", sa.Date, nullable=False)]
    if comparison:
        columns.append(sa.Column("comparison", sa.String(40), nullable=False,
                                 server_default=FIRST_COMPARISON))
    columns += [sa.Column("quiz_version", sa.String(32), nullable=False),
                sa.Column("kind", sa.String(16), nullable=False),
                sa.Column("key", sa.String(32), nullable=False),
                sa.Column("value", sa.String(32), nullable=False),
                sa.Column("count", sa.Integer, nullable=False)]
    return sa.Table("tally", sa.MetaData(), *columns)


def _drop_unique(table: str, columns: tuple[str, ...]) -> None:
    """Drop the unique constraint on exactly `columns` (PostgreSQL named 0001's itself)."""
    for constraint in sa.inspect(op.get_bind()).get_unique_constraints(table):
        if tuple(constraint["column_names"]) == columns:
            op.drop_constraint(constraint["name"], table, type_="unique")
            return
    raise RuntimeError(f"{table} has no unique constraint on {columns}")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column("stored_result", sa.Column("comparison", sa.String(40), nullable=False,
                                             server_default=FIRST_COMPARISON))
    op.add_column("stored_result", sa.Column("scores", sa.JSON, nullable=True))
    op.execute(f"UPDATE stored_result SET scores = {_scores_as_json(dialect)}")
    # From now on each result names its comparison: no default to fall back on.
    with op.batch_alter_table("stored_result") as table:
        table.alter_column("scores", existing_type=sa.JSON, nullable=False)
        table.alter_column("comparison", existing_type=sa.String(40), server_default=None)
        table.drop_column("node_score")
        table.drop_column("python_score")

    if dialect == "sqlite":
        op.add_column("tally", sa.Column("comparison", sa.String(40), nullable=False,
                                         server_default=FIRST_COMPARISON))
        with op.batch_alter_table("tally", recreate="always",
                                  copy_from=_tally(comparison=True)) as table:
            table.alter_column("comparison", existing_type=sa.String(40), server_default=None)
            table.create_unique_constraint("uq_tally", list(TALLY_KEY))
        return
    _drop_unique("tally", OLD_TALLY_KEY)
    op.add_column("tally", sa.Column("comparison", sa.String(40), nullable=False,
                                     server_default=FIRST_COMPARISON))
    op.alter_column("tally", "comparison", server_default=None)
    op.create_unique_constraint("uq_tally", "tally", list(TALLY_KEY))


def downgrade() -> None:
    bind = op.get_bind()
    for table in ("stored_result", "tally"):
        others = bind.execute(sa.text(f"SELECT COUNT(*) FROM {table} WHERE comparison != :first"),
                              {"first": FIRST_COMPARISON}).scalar()
        if others:
            raise RuntimeError(f"{others} {table} rows belong to other comparisons than "
                               f"{FIRST_COMPARISON}: before 0004 there is nowhere to keep them")
    dialect = bind.dialect.name
    with op.batch_alter_table("stored_result") as table:
        for option in OPTIONS:
            table.add_column(sa.Column(f"{option}_score", sa.Float, nullable=True))
    for option in OPTIONS:
        if dialect == "postgresql":
            read = f"CAST(scores ->> '{option}' AS double precision)"
        else:
            read = f"CAST(json_extract(scores, '$.{option}') AS REAL)"
        op.execute(f"UPDATE stored_result SET {option}_score = {read}")
    with op.batch_alter_table("stored_result") as table:
        for option in OPTIONS:
            table.alter_column(f"{option}_score", existing_type=sa.Float, nullable=False)
        table.drop_column("scores")
        table.drop_column("comparison")

    if dialect == "sqlite":
        with op.batch_alter_table("tally", recreate="always",
                                  copy_from=_tally(comparison=True)) as table:
            table.drop_column("comparison")
            table.create_unique_constraint("uq_tally_key", list(OLD_TALLY_KEY))
        return
    op.drop_constraint("uq_tally", "tally", type_="unique")
    op.drop_column("tally", "comparison")
    op.create_unique_constraint("uq_tally_key", "tally", list(OLD_TALLY_KEY))
