"""DevZone: the platform a reformed Chinese development zone runs on."""
