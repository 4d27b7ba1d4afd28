"""The risk model coefficients (risk.py): written by bench/checks/risk_fit.py,
not by hand. Log-odds per unit of each feature; a feature not named weighs 0.

Fitted 2026-12-08 on MLQE-PE ru-en "tune" (3485 segments; target HTER > 0).
Hand-set priors, not fitted (constant on MLQE-PE):
code:alignment, code:empty, no-english, no-russian, not-1-1, unsure.
"""

VERSION = "2026-12-08.23"
BIAS = -0.578
WEIGHTS: dict[str, float] = {
    "code:addition": 0.3028,
    "code:alignment": 1.0,
    "code:cyrillic": 0.821,
    "code:empty": 3.0,
    "code:inconsistent": 0.2114,
    "code:length": 0.2923,
    "code:number": 0.1426,
    "code:omission": 0.0599,
    "code:quotes": 0.1919,
    "code:spelling": 0.3199,
    "code:untranslated": 0.6588,
    "digits": -0.4945,
    "latin": -0.7082,
    "longer": 0.2408,
    "names": -1.1045,
    "no-english": 3.0,
    "no-russian": 1.5,
    "not-1-1": 1.0,
    "severity:error": 0.9635,
    "severity:info": 0.655,
    "shorter": -0.0017,
    "unsure": 2.0,
    "words": 0.2906,
}
