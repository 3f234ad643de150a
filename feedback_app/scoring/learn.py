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


def tokens_for(text: str, lang: str) -> list[str]:
    """The same clean-up and spelling normalisation the scorer applies."""
    raw = normalise.clean(text).tokens
    return normalise.normalise_id(raw) if lang == "id" else normalise.normalise_en(raw)


def matrix(texts: list[str], lang: str) -> sparse.csr_matrix:
    """Binary hashed features, word and character blocks each L2-normalised as models.predict()
    does (a column in both blocks sums, as the gather does)."""
    negators = normalise.NEGATORS_ID if lang == "id" else normalise.NEGATORS_EN
    indptr, indices, values = [0], [], []
    for text in texts:
        for block in features.feature_indices(tokens_for(text, lang), negators, lang):
            indices.extend(block.tolist())
            values.extend([1.0 / np.sqrt(max(len(block), 1))] * len(block))
        indptr.append(len(indices))
    out = sparse.csr_matrix((values, indices, indptr), shape=(len(texts), features.DIM), dtype=np.float64)
    out.sum_duplicates()
    return out


def fit(rows: list[tuple[str, str]], lang: str, c: float, seed: int, balanced: bool) -> dict[str, np.ndarray]:
    """One multinomial logistic regression; returns its arrays for export."""
    x = matrix([t for t, _ in rows], lang)
    y = np.array([EMOTION_ID.get(label, label) for _, label in rows])
    used = np.unique(x.indices)  # only columns seen in training can get a weight: fit those alone
    model = LogisticRegression(C=c, max_iter=300, random_state=seed,
                               class_weight="balanced" if balanced else None)
    model.fit(x[:, used], y)
    coef, intercept = model.coef_, model.intercept_
    if coef.shape[0] == 1:  # two classes: sklearn keeps one row; softmax([-z/2, z/2]) = sigmoid(z)
        coef, intercept = np.vstack([-coef / 2, coef / 2]), np.concatenate([-intercept / 2, intercept / 2])
    weights = np.zeros((features.DIM, coef.shape[0]), dtype=np.float16)
    weights[used] = coef.T
    return {"W": weights, "b": intercept.astype(np.float32), "classes": model.classes_.astype(str)}


def train_all(sent_id: list, emo_id: list, sent_en: list, emo_en: list, seed: int) -> None:
    """Fit the four models and write models.npz."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):  # one BLAS thread: faster for these small solves, and reproducible
        arrays = _fit_all(sent_id, emo_id, sent_en, emo_en, seed)
    save_npz(resources.DATA / "models.npz", arrays)
    resources.clear_caches()


def _fit_all(sent_id: list, emo_id: list, sent_en: list, emo_en: list, seed: int) -> dict[str, np.ndarray]:
    arrays: dict[str, np.ndarray] = {}
    plan = {"sentiment_id": (sent_id, "id", 8.0, True), "emotion_id": (emo_id, "id", 2.0, True),
            "sentiment_en": (sent_en, "en", 2.0, True), "emotion_en": (emo_en, "en", 2.0, True)}
    for name, (rows, lang, c, balanced) in plan.items():
        for key, value in fit(rows, lang, c, seed, balanced).items():
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
