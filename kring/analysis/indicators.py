"""The `Indicators` result and the metadata of every indicator key (DOMAIN.md §4)."""

from __future__ import annotations

from typing import Any, Final, NamedTuple


class Indicators(NamedTuple):
    """All indicators of one network; undefined values are None (see docs/analysis.md)."""

    size: int
    potential: int
    supportive: int
    discouraging_share: float | None
    aware_share: float | None
    allies: int
    function_coverage: float
    functions_present: tuple[str, ...]
    functions_missing: tuple[str, ...]
    multiplexity: float | None
    strong: int
    weak: int
    moderately_weak: int
    working_share: float | None
    target_sector_reach: int
    blau_quadrant: float | None
    blau_role: float | None
    blau_employment: float | None
    blau_sector: float | None
    iqv_quadrant: float | None
    iqv_role: float | None
    iqv_employment: float | None
    iqv_sector: float | None
    ei_index: float | None
    density: float | None
    effective_size: float | None
    efficiency: float | None
    constraint: float | None
    components: int
    isolates: int
    formal_share: float | None
    new_ties_30d: int
    brokered_share: float | None

    def as_dict(self) -> dict[str, Any]:
        """Give back a plain, JSON-serialisable dict (lists instead of tuples, no NaN)."""
        values = self._asdict()
        values["functions_present"] = list(self.functions_present)
        values["functions_missing"] = list(self.functions_missing)
        return values


class IndicatorInfo(NamedTuple):
    """Technical name, formula and source of one indicator key (English; the UI translates)."""

    key: str
    name: str
    formula: str
    source: str


NOTATION: Final = (
    "A = informal contacts (not case_manager, job_coach, care_worker) in rings 1-4; "
    "n = |A|; t = ties among A"
)

INDICATORS: Final[dict[str, IndicatorInfo]] = {
    info.key: info
    for info in (
        IndicatorInfo("size", "network size", "n", "-"),
        IndicatorInfo(
            "potential",
            "could-approach pool",
            "#contacts in ring 0 (any role) + #{a in A: approachable in (yes, maybe)}",
            "Movisie question",
        ),
        IndicatorInfo(
            "supportive",
            "supportive contacts",
            "#{a in A: influence >= 1}",
            "Movisie: raise this number",
        ),
        IndicatorInfo(
            "discouraging_share",
            "discouraging share",
            "#{a in A: influence <= -1 or normalises_unemployment = yes} / n; None if n = 0",
            "a network can normalise unemployment",
        ),
        IndicatorInfo(
            "aware_share",
            "knows I am searching",
            "#{a in A: knows_searching = yes} / n; None if n = 0",
            "Movisie question",
        ),
        IndicatorInfo("allies", "allies", "#{a in A: ally}", "bondgenoten"),
        IndicatorInfo(
            "function_coverage",
            "functions present",
            "share of {emotional, practical, company, advice, job_leads, introduction, "
            "reference} given by >= 1 contact in A",
            "ecogram (P/G/A/E)",
        ),
        IndicatorInfo(
            "functions_present",
            "functions present (list)",
            "the counted functions given by >= 1 contact in A",
            "ecogram (P/G/A/E)",
        ),
        IndicatorInfo(
            "functions_missing",
            "functions missing (list)",
            "the counted functions given by no contact in A",
            "ecogram (P/G/A/E)",
        ),
        IndicatorInfo(
            "multiplexity",
            "functions per contact",
            "mean number of distinct functions over A; None if n = 0",
            "-",
        ),
        IndicatorInfo("strong", "strong ties", "#{a in A: ring 1-2}", "Granovetter 1973"),
        IndicatorInfo("weak", "weak ties", "#{a in A: ring 3-4}", "Granovetter 1973"),
        IndicatorInfo(
            "moderately_weak",
            "moderately weak ties",
            "#{a in A: ring 3-4 and 1 <= mutual contacts <= 10}, mutual contacts = ties of a "
            "to other members of A",
            "Rajkumar et al. 2022",
        ),
        IndicatorInfo(
            "working_share",
            "working share",
            "#{a in A: employment in (employed, self_employed)} / n; None if n = 0",
            "Lin's social resources",
        ),
        IndicatorInfo(
            "target_sector_reach",
            "target sector reach",
            "#{a in A: in_target_sector = true}; Kring counts an unknown in_target_sector as "
            "true when sector = the profile's target sector, and gives None when no target "
            "sector is chosen and nobody is marked true",
            "Jones & Azrin 1973",
        ),
        *(
            IndicatorInfo(
                f"blau_{attribute}",
                f"Blau heterogeneity of {attribute}",
                f"1 - sum p_k^2 over the known {attribute} categories in A; None if none known",
                "Blau 1977",
            )
            for attribute in ("quadrant", "role", "employment", "sector")
        ),
        *(
            IndicatorInfo(
                f"iqv_{attribute}",
                f"index of qualitative variation of {attribute}",
                f"blau_{attribute} / (1 - 1/K), K = {k} possible categories; None if none known",
                "Agresti & Agresti 1978",
            )
            for attribute, k in (("quadrant", 4), ("role", 19), ("employment", 7), ("sector", 21))
        ),
        IndicatorInfo(
            "ei_index",
            "E-I index (bubble)",
            "(E - I) / (E + I) over A, E = employed, self_employed, student; I = job_seeking, "
            "benefits; None if E + I = 0",
            "Krackhardt & Stern 1988",
        ),
        IndicatorInfo(
            "density",
            "density among contacts",
            "t / (n(n-1)/2), t = ties among A; None if n < 2",
            "-",
        ),
        IndicatorInfo(
            "effective_size",
            "Burt's effective size",
            "n - 2t/n on the graph of ego + A; None if n = 0",
            "Burt 1992; Borgatti 1997",
        ),
        IndicatorInfo(
            "efficiency",
            "efficiency",
            "effective_size / n; None if n = 0",
            "Burt 1992",
        ),
        IndicatorInfo(
            "constraint",
            "Burt's constraint",
            "sum_j (p_ej + sum_q p_eq p_qj)^2, p_ij = a_ij / sum_k a_ik on the graph of ego + A "
            "(ego tied to every a in A); None if n = 0",
            "Burt 1992",
        ),
        IndicatorInfo(
            "components",
            "separate circles",
            "number of connected components of A by ties (0 if n = 0)",
            "-",
        ),
        IndicatorInfo("isolates", "isolated contacts", "#{a in A: no tie within A}", "-"),
        IndicatorInfo(
            "formal_share",
            "formal vs informal",
            "F / (F + n), F = #formal contacts in rings 1-4; None if F + n = 0",
            "Movisie: formal support next to informal",
        ),
        IndicatorInfo(
            "new_ties_30d",
            "new ties in the last 30 days",
            "#{a in A: is_new and as_of - 30 days < added_on <= as_of}",
            "Granovetter: bridges",
        ),
        IndicatorInfo(
            "brokered_share",
            "brokered share of new ties",
            "#{a in A: is_new and introduced_by set} / #{a in A: is_new}; None if no new contacts",
            "Granovetter: bridges",
        ),
    )
}
