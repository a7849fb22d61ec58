"""The plan: from insight to action (DOMAIN.md §6).

For now a plain package holding the Django-free suggestion engine, `kring.plan.suggest`;
the plan's models, views and API join it later. Importing this package must stay free of
Django so the engine can run from a notebook or a benchmark.
"""
