"""Prefect tasks: thin wrappers that run the pure core over Parquet shards."""
