"""The risk model coefficients (risk.py): written by bench/checks/risk_fit.py,
not by hand. Log-odds per unit of each feature; a feature not named weighs 0.

Fitted 2026-12-08 on MLQE-PE ru-en "tune" (3485 segments; target HTER > 0).
Hand-set priors, not fitted (constant on MLQE-PE):
code:alignment, code:empty, no-english, no-russian, not-1-1, unsure.
"""

VERSION = "2026-12-08.20"
BIAS = -0.4376
WEIGHTS: dict[str, float] = {
    "code:alignment": 1.0,
    "code:cyrillic": 2.0505,
    "code:empty": 3.0,
    "code:inconsistent": 5.5058,
    "code:length": 3.3889,
    "code:number": 0.3941,
    "code:quotes": 0.6103,
    "code:untranslated": 0.5919,
    "digits": -0.4805,
    "latin": -0.7541,
    "longer": 0.23,
    "names": -1.1417,
    "no-english": 3.0,
    "no-russian": 1.5,
    "not-1-1": 1.0,
    "severity:error": 0.6737,
    "severity:info": 3.3889,
    "shorter": -0.0053,
    "unsure": 2.0,
    "words": 0.2349,
}
