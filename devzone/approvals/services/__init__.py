"""Writes of the approvals module: intakes, transitions, catalog, certificates. Each is atomic, checks the
actor's right first, refuses an illegal move with a message and leaves an event and an audit entry."""
