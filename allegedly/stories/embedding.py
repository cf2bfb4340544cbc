"""Lede embeddings: what an article's title and opening say, as one small unit vector.

The model is static (model2vec): one row per token of the vocabulary, distilled once from
all-MiniLM-L6-v2 (scripts/distil_lede_model.py; Apache-2.0, see data/lede_model/NOTICE.md), so
a text's embedding is the mean of its tokens' rows — a dictionary look-up per token, no
transformer and no download at run time. It reads paraphrase ("quake" ~ "temblor", "climber
killed" ~ "mountaineer dies") that the event bag's stems miss; it does not read names or dates
well, which the bag and the lede check keep (stories/clusters.py).

Embeddings travel as float16 bytes (``DIMS`` × 2 bytes per article) so the event index can store
and pickle them compactly; a cluster keeps the float32 sum of its members'.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL = Path(__file__).resolve().parent.parent / "data" / "lede_model"
MAX_CHARS = 2000  # a title and three sentences; longer ledes add nothing the start does not say


class ModelMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def _model():
    from tokenizers import Tokenizer

    tok_path, vec_path = MODEL / "tokenizer.json", MODEL / "vectors.npy"
    if not tok_path.exists() or not vec_path.exists():
        raise ModelMissing(f"lede embedding model missing at {MODEL} (rebuild: scripts/distil_lede_model.py)")
    tok = Tokenizer.from_file(str(tok_path))
    tok.no_truncation()
    tok.no_padding()
    vectors = np.load(vec_path, mmap_mode=None).astype(np.float32)
    unk = tok.token_to_id("[UNK]")
    return tok, vectors, unk


def dims() -> int:
    return _model()[1].shape[1]


_CHUNKS: dict[str, tuple[int, ...]] = {}  # whitespace-separated chunk → its token ids
CHUNK_CACHE = 200_000  # chunks kept (news repeats its words); cleared when full


def _token_ids(text: str) -> list[int]:
    """Token ids of ``text``. The tokenizer splits at whitespace first, so chunk by chunk gives
    the ids of the whole text; known chunks are looked up, new ones tokenised in one call."""
    tok, vectors, unk = _model()
    chunks = text.split()
    new = list(dict.fromkeys(c for c in chunks if c not in _CHUNKS))
    if new:
        if len(_CHUNKS) + len(new) > CHUNK_CACHE:
            _CHUNKS.clear()
        for c, enc in zip(new, tok.encode_batch(new, add_special_tokens=False)):
            _CHUNKS[c] = tuple(i for i in enc.ids if i != unk and i < len(vectors))
    return [i for c in chunks for i in _CHUNKS[c]]


def embed(text: str) -> bytes | None:
    """The unit embedding of ``text`` as float16 bytes; None when no token is known."""
    vectors = _model()[1]
    ids = _token_ids(text[:MAX_CHARS])
    if not ids:
        return None
    v = vectors[ids].mean(axis=0)
    n = float(np.linalg.norm(v))
    return (v / n).astype(np.float16).tobytes() if n else None


def vector(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)


def cosine(unit: np.ndarray, total: np.ndarray) -> float:
    """Cosine of an article's unit embedding (``vector``) with a cluster's summed member embeddings."""
    n = float(np.sqrt(total @ total))
    return float(unit @ total) / n if n else 0.0
