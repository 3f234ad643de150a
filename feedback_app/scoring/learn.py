"""Training of the linear models (used by train.py only: scikit-learn is needed to rebuild
the models, never to score). Each model is exported as weights + bias + class names into
models.npz, which models.py reads back with numpy alone.
"""

from __future__ import annotations

import zipfile

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from feedback_app.scoring import features, normalise, resources

EMOTION_ID = {"happy": "joy"}
MIN_DF = 2  # an emotion feature seen in fewer training texts gets no weight and no part in the norm


def tokens_for(text: str, lang: str) -> list[str]:
    """The same clean-up and spelling normalisation the scorer applies."""
    raw = normalise.clean(text).tokens
    return normalise.normalise_id(raw) if lang == "id" else normalise.normalise_en(raw)


def blocks_of(texts: list[str], lang: str) -> list[tuple[np.ndarray, ...]]:
    """Each text's hashed feature blocks, as the scorer builds them."""
    negators = normalise.NEGATORS_ID if lang == "id" else normalise.NEGATORS_EN
    return [features.feature_indices(tokens_for(text, lang), negators, lang) for text in texts]


def matrix(docs: list[tuple[np.ndarray, ...]], norm: np.ndarray | None = None) -> sparse.csr_matrix:
    """Hashed features, word and character blocks each L2-normalised as models.predict() does
    (a column in both blocks sums, as the gather does). Without norm: binary. With norm (a
    squared weight per column, models.npz's emotion_*_norm): feature j is sqrt(norm[j]), so
    IDF-weighted, and columns with norm 0 drop out of the block and its length."""
    indptr, indices, values = [0], [], []
    for doc in docs:
        for block in doc:
            if norm is None:
                indices.extend(block.tolist())
                values.extend([1.0 / np.sqrt(max(len(block), 1))] * len(block))
                continue
            squared = norm[block].astype(np.float64)
            if squared.sum() > 0:
                kept = squared > 0
                indices.extend(block[kept].tolist())
                values.extend((np.sqrt(squared[kept]) / np.sqrt(squared.sum())).tolist())
        indptr.append(len(indices))
    out = sparse.csr_matrix((values, indices, indptr), shape=(len(docs), features.DIM), dtype=np.float64)
    out.sum_duplicates()
    return out


def idf_norm(docs: list[tuple[np.ndarray, ...]]) -> np.ndarray:
    """Squared smoothed IDF per column (as TfidfVectorizer: ln((1 + n) / (1 + df)) + 1), 0 for
    columns in fewer than MIN_DF texts; float16 as stored, so training sees what scoring sees."""
    df = np.zeros(features.DIM)
    for doc in docs:
        df[np.unique(np.concatenate(doc))] += 1
    idf = np.log((1 + len(docs)) / (1 + df)) + 1
    idf[df < MIN_DF] = 0.0
    return (idf**2).astype(np.float16)


def fit(
    rows: list[tuple[str, str]], lang: str, c: float, seed: int, balanced: bool, idf: bool = False
) -> dict[str, np.ndarray]:
    """One multinomial logistic regression; returns its arrays for export (with idf: also
    'norm', and the IDF folded into W, so scoring sums W over the features and divides by
    the square root of the summed norm)."""
    docs = blocks_of([t for t, _ in rows], lang)
    norm = idf_norm(docs) if idf else None
    x = matrix(docs, norm)
    y = np.array([EMOTION_ID.get(label, label) for _, label in rows])
    used = np.unique(x.indices)  # only columns seen in training can get a weight: fit those alone
    model = LogisticRegression(C=c, max_iter=300, random_state=seed, class_weight="balanced" if balanced else None)
    model.fit(x[:, used], y)
    coef, intercept = model.coef_, model.intercept_
    if coef.shape[0] == 1:  # two classes: sklearn keeps one row; softmax([-z/2, z/2]) = sigmoid(z)
        coef, intercept = np.vstack([-coef / 2, coef / 2]), np.concatenate([-intercept / 2, intercept / 2])
    if norm is not None:
        coef = coef * np.sqrt(norm[used].astype(np.float64))
    weights = np.zeros((features.DIM, coef.shape[0]), dtype=np.float16)
    weights[used] = coef.T
    out = {"W": weights, "b": intercept.astype(np.float32), "classes": model.classes_.astype(str)}
    return out if norm is None else {**out, "norm": norm}


def train_all(sent_id: list, emo_id: list, sent_en: list, emo_en: list, seed: int, only: str | None = None) -> None:
    """Fit the four models (or only those whose name starts with `only`, keeping the other
    arrays of the current models.npz) and write models.npz."""
    from threadpoolctl import threadpool_limits

    kept = {}
    if only:
        kept = {k: v for k, v in resources.load_arrays("models.npz").items() if not k.startswith(only)}
    with threadpool_limits(1):  # one BLAS thread: faster for these small solves, and reproducible
        arrays = _fit_all(sent_id, emo_id, sent_en, emo_en, seed, only)
    save_npz(resources.DATA / "models.npz", {**kept, **arrays})
    resources.clear_caches()


def _fit_all(
    sent_id: list, emo_id: list, sent_en: list, emo_en: list, seed: int, only: str | None = None
) -> dict[str, np.ndarray]:
    arrays: dict[str, np.ndarray] = {}
    # name: (rows, language, C, balanced, IDF-weighted). IDF on the emotion models alone (dev
    # macro-F1 of the model alone: id 0.654 -> 0.673, en 0.547 -> 0.562); sentiment keeps binary.
    plan = {
        "sentiment_id": (sent_id, "id", 8.0, True, False),
        "emotion_id": (emo_id, "id", 2.0, True, True),
        "sentiment_en": (sent_en, "en", 2.0, True, False),
        "emotion_en": (emo_en, "en", 2.0, True, True),
    }
    for name, (rows, lang, c, balanced, idf) in plan.items():
        if only and not name.startswith(only):
            continue
        for key, value in fit(rows, lang, c, seed, balanced, idf).items():
            arrays[f"{name}_{key}"] = value
    return arrays


def save_npz(path, arrays: dict[str, np.ndarray]) -> None:
    """np.savez_compressed, but byte-for-byte reproducible (fixed member dates and order)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for key in sorted(arrays):
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as fh:
                np.lib.format.write_array(fh, np.asarray(arrays[key]), allow_pickle=False)
