"""The plan: from insight to action (DOMAIN.md §6).

The Django-free suggestion engine lives in `kring.plan.suggest`; the app's models, services,
views and API sit next to it. Importing this package must stay free of Django so the engine
can run from a notebook or a benchmark.
"""
