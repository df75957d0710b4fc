"""Dagster definitions, one module per concept (assets, resources, jobs, schedules, sensors)."""
