"""Pages of 企业服务, in files by concept: requests, ratings, follow-ups and appeals, statistics, surveys, the
enterprise file (一企一策) and the settings. Thin: reads from the selectors, every move through the services
(the moves on a row through ``services.actions``), errors shown through ``core.web.refusals``."""
