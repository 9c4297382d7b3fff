"""Writes of the personnel module: each service checks, cleans, saves and audits in one transaction."""
