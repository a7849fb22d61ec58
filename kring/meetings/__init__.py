"""The network meeting (netwerkberaad, DOMAIN.md §7): question, invitees, the meeting, its plan.

It sits above the plan (tests/test_layers.py): invitations and the tasks of contacts are asks of
the plan, so outcomes and allies work the one way they already do.
"""
