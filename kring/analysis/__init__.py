"""Kring's indicator engine: validated networks in, network indicators out (no Django).

Public API::

    Network.from_dict(data)            validate the plain-dict format (raises NetworkError)
    analyse(network, *, as_of=None)    -> Indicators (a NamedTuple; .as_dict() for JSON)
    analyse_many(networks, *, as_of=None)       -> list[Indicators]
    analyse_many_dicts(dicts, *, as_of=None)    -> list[Indicators], validating on the way in
    analyse_stored(keys, contact_rows, tie_rows, *, fields, as_of=None)
                                       -> list[Indicators] of stored rows (trusted, unchecked)
    traffic_light(indicators_dict, thresholds=None)          -> "red" | "orange" | "green"
    traffic_light_reasons(indicators_dict, thresholds=None)  -> list of rule keys
    DEFAULT_THRESHOLDS, INDICATORS (key -> IndicatorInfo(key, name, formula, source))

The plain-dict format is ``{"contacts": [{"id": 1, "ring": 2, ...}], "ties": [[1, 2], [1, 3, 2]]}``
with the contact fields of DOMAIN.md §3 plus ``id`` (required), ``ally`` and ``added_on``.
``ring`` is required; any other absent or null field means unknown. See docs/analysis.md.

Command line: ``python -m kring.analysis FILE.json`` (or ``-`` for standard input).
"""

from .engine import analyse, analyse_many, analyse_many_dicts, analyse_stored
from .indicators import INDICATORS, IndicatorInfo, Indicators
from .network import Network, NetworkError
from .traffic_light import DEFAULT_THRESHOLDS, traffic_light, traffic_light_reasons

__all__ = [
    "DEFAULT_THRESHOLDS",
    "INDICATORS",
    "IndicatorInfo",
    "Indicators",
    "Network",
    "NetworkError",
    "analyse",
    "analyse_many",
    "analyse_many_dicts",
    "analyse_stored",
    "traffic_light",
    "traffic_light_reasons",
]
