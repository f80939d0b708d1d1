"""Running Talenta in production: the server and workers, health, metrics, logs, replicas, backups."""
