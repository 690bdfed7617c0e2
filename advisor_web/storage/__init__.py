"""Storage: the tables and the queries on them (the only SQLAlchemy importer besides db.py)."""
