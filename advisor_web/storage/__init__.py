"""Every table and query of the app (the only SQLAlchemy importer besides db.py and migrations/)."""
