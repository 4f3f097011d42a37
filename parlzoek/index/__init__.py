"""The index's life: schema, build, store (generations), location, verify, sources."""
