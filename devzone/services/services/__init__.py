"""Every write of the enterprise-service module: requests, ratings with follow-ups and appeals, surveys,
support plans, routing and settings. Each is atomic, checks the actor and the state, and leaves an audit
event; bad input raises a ``devzone.core.errors`` error with a Chinese message and changes nothing."""
