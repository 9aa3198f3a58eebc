"""Alembic's environment and revisions for the service database, shipped in the package."""
