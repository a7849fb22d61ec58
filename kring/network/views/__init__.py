"""Pages of the netwerkcirkel: parse, authorise (get_jobseeker_for), call a service, render.

By job: the map and its table (map.py), one contact and building the network (contacts.py),
moments (moments.py), the network conversation and the paper circle (conversation.py); what
they share is in helpers.py.
"""

from kring.network.views.contacts import (
    build_prompt,
    build_start,
    contact_delete,
    contact_detail,
    contact_new,
    profile,
    ties_edit,
)
from kring.network.views.conversation import (
    conversation_start,
    conversation_step,
    conversation_summary,
    paper_card,
    paper_circle,
    paper_entry,
)
from kring.network.views.map import contact_move, network_map, network_table, table_move
from kring.network.views.moments import (
    snapshot_compare,
    snapshot_delete,
    snapshot_detail,
    snapshots,
)

__all__ = [
    "build_prompt",
    "build_start",
    "contact_delete",
    "contact_detail",
    "contact_move",
    "contact_new",
    "conversation_start",
    "conversation_step",
    "conversation_summary",
    "network_map",
    "network_table",
    "paper_card",
    "paper_circle",
    "paper_entry",
    "profile",
    "snapshot_compare",
    "snapshot_delete",
    "snapshot_detail",
    "snapshots",
    "table_move",
    "ties_edit",
]
