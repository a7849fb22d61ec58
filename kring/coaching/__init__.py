"""Coaching: the coach's caseload and the notes a coach keeps about a job seeker (DOMAIN.md §5).

The caseload reads what lower layers store (the network's summaries, the plan's asks, the
grants); it never recomputes a network per request. Notes are written for the job seeker to
read: there are no secret files about people in Kring.
"""
