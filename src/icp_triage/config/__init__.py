"""The ``icp.yml`` schema and its loader."""
