"""The risk model coefficients (risk.py): written by bench/checks/risk_fit.py,
not by hand. Log-odds per unit of each feature; a feature not named weighs 0.

Fitted 2026-12-08 on MLQE-PE ru-en "tune" (3485 segments; target HTER > 0).
Hand-set priors, not fitted (constant on MLQE-PE):
code:alignment, code:empty, no-english, no-russian, not-1-1, unsure.
"""

VERSION = "2026-12-08.20"
BIAS = -0.5862
WEIGHTS: dict[str, float] = {
    "code:alignment": 1.0,
    "code:cyrillic": 0.8404,
    "code:empty": 3.0,
    "code:inconsistent": 0.2099,
    "code:length": 0.4653,
    "code:number": 0.1316,
    "code:quotes": 0.1871,
    "code:untranslated": 0.548,
    "digits": -0.495,
    "latin": -0.6252,
    "longer": 0.2455,
    "names": -1.0939,
    "no-english": 3.0,
    "no-russian": 1.5,
    "not-1-1": 1.0,
    "severity:error": 0.972,
    "severity:info": 0.4653,
    "shorter": 0.0065,
    "unsure": 2.0,
    "words": 0.2934,
}
