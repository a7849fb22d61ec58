"""Every change to a job seeker's network: atomic, version-checked, ending in network_changed.

Callers have already authorised the actor (kring.accounts.access.get_jobseeker_for), and that
door wrote who changed the network to the access log; so these functions take no `actor`, except
`snapshot_create`, which records who saved the moment. They check that every object belongs to
`jobseeker` and that the input is valid.

One module per job (rules, contacts, bulk, ties, moments, profile); this package is their public
face. The network limit is read where it lives, `rules.MAX_CONTACTS`, so a test can lower it.
"""

from kring.network.services import rules
from kring.network.services.answers import Answered, NewPerson, contacts_answer
from kring.network.services.bulk import (
    FILLABLE_FIELDS,
    NewContacts,
    contacts_add_many,
    contacts_check,
)
from kring.network.services.contacts import (
    Moved,
    contact_create,
    contact_delete,
    contact_move,
    contact_move_with_network,
    contact_update,
    contacts_add_names,
    contacts_set_knows_searching,
    split_names,
)
from kring.network.services.moments import network_data, snapshot_create, snapshot_delete
from kring.network.services.profile import profile_update
from kring.network.services.rules import (
    CONTACT_FIELDS,
    MAX_NAMES_AT_ONCE,
    PROFILE_FIELDS,
    conflict_message,
    network_changed,
)
from kring.network.services.ties import tie_delete, tie_set, ties_set_for

__all__ = [
    "CONTACT_FIELDS",
    "FILLABLE_FIELDS",
    "MAX_NAMES_AT_ONCE",
    "PROFILE_FIELDS",
    "Answered",
    "Moved",
    "NewContacts",
    "NewPerson",
    "conflict_message",
    "contact_create",
    "contact_delete",
    "contact_move",
    "contact_move_with_network",
    "contact_update",
    "contacts_add_many",
    "contacts_add_names",
    "contacts_answer",
    "contacts_check",
    "contacts_set_knows_searching",
    "network_changed",
    "network_data",
    "profile_update",
    "rules",
    "snapshot_create",
    "snapshot_delete",
    "split_names",
    "tie_delete",
    "tie_set",
    "ties_set_for",
]
