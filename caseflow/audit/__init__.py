"""The NEN 7513 access log: append-only, hash-chained, written by services and the access layer."""
