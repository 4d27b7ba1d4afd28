"""Settings shared by the whole suite.

Hypothesis: on CI (CI set, as .ci/run's callers do) the examples are derandomized, so a run
of a given commit is reproducible and a red CI always means that commit; on a developer's
machine they are random each run, which is where new counterexamples are found (and kept in
.hypothesis/ to be replayed first next time).
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
