"""Every technique on the same repeated splits: the runner behind ``python -m churnlab``.

Repeat ``i`` splits the data with ``train_test_split(test_size=0.2, stratify=y,
random_state=seed + i)``. Inside each training part a stratified validation part is
carved out *before* anything is fitted; it serves early stopping and threshold choice.
Each technique is fitted on the rest, and each test part is scored once.
"""

from __future__ import annotations

import json
import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from imblearn.combine import SMOTETomek
from imblearn.over_sampling import ADASYN, SMOTE, RandomOverSampler
from imblearn.under_sampling import RandomUnderSampler
from scipy import stats
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

from churnlab.data import (
    binary_target,
    check_class_counts,
    check_features,
    check_target_column,
    clean_telco,
    drop_identifier_columns,
    load_telco_churn,
)
from churnlab.evaluation import evaluate
from churnlab.features import make_preprocessor

__all__ = [
    "TECHNIQUES",
    "Technique",
    "bench",
    "build_technique",
    "fit_and_score",
    "leaderboard_markdown",
    "prepare_data",
    "run_compare",
    "summarize",
]

TEST_SIZE = 0.2
VAL_SIZE = 0.2


@dataclass(frozen=True)
class Technique:
    """A named way to train a churn model.

    ``build(X_fit, random_state)`` returns an unfitted estimator whose
    ``fit(X, y, validation_data=(X_val, y_val))`` accepts raw feature frames.
    """

    name: str
    description: str
    build: Callable


def _ann_with(sampler_class=None):
    """A technique: preprocess, optionally resample the training rows, then the ANN."""

    def build(X, random_state):
        from churnlab.models import KerasBinaryClassifier
        from churnlab.resampling import make_sampler_pipeline

        sampler = None if sampler_class is None else sampler_class(random_state=random_state)
        return make_sampler_pipeline(
            X, sampler, KerasBinaryClassifier(random_state=random_state),
            random_state=random_state,
        )  # fmt: skip

    return build


def _smotenc_ann(X, random_state):
    from churnlab.models import KerasBinaryClassifier
    from churnlab.resampling import make_smotenc_pipeline

    return make_smotenc_pipeline(
        X, KerasBinaryClassifier(random_state=random_state), random_state=random_state
    )


def _reference(X, model):
    from churnlab.resampling import make_sampler_pipeline

    return make_sampler_pipeline(X, None, model)


TECHNIQUES: dict[str, Technique] = {
    t.name: t
    for t in [
        Technique("baseline", "26-15-1 ANN, early stopping, threshold 0.5", _ann_with()),
        Technique(
            "undersample",
            "ANN on randomly undersampled training rows (1:1)",
            _ann_with(RandomUnderSampler),
        ),
        Technique(
            "oversample",
            "ANN on randomly oversampled training rows (1:1, copies)",
            _ann_with(RandomOverSampler),
        ),
        Technique("smote", "ANN after SMOTE on the encoded training rows", _ann_with(SMOTE)),
        Technique(
            "smotenc", "ANN after SMOTE-NC on the raw categories, then one-hot", _smotenc_ann
        ),
        Technique(
            "adasyn", "ANN after ADASYN on the encoded training rows", _ann_with(ADASYN)
        ),
        Technique(
            "smote_tomek",
            "ANN after SMOTE, then removal of Tomek links",
            _ann_with(SMOTETomek),
        ),
        Technique(
            "logreg",
            "logistic regression (reference)",
            lambda X, rs: _reference(X, LogisticRegression(max_iter=2000)),
        ),
        Technique(
            "hgb",
            "regularised histogram gradient boosting (reference)",
            lambda X, rs: _reference(
                X,
                HistGradientBoostingClassifier(
                    learning_rate=0.05, max_iter=200, max_leaf_nodes=8, min_samples_leaf=40,
                    l2_regularization=1.0, random_state=rs,
                ),
            ),  # fmt: skip
        ),
    ]
}


def build_technique(name: str, X: pd.DataFrame, random_state: int | None = 0):
    """The unfitted estimator of a registered technique, as ``compare`` trains it.

    Examples
    --------
    >>> X = load_telco_churn().drop(columns="Churn")
    >>> [step for step, _ in build_technique("logreg", X).steps]
    ['preprocess', 'model']
    """
    (name,) = _check_techniques([name])
    return TECHNIQUES[name].build(X, random_state)


def _fit_predict(estimator, X_train, y_train, X_test=None, validation_data=None):
    """Fit from a clean Keras session; return (positive-class probabilities, fit seconds)."""
    params = {} if validation_data is None else {"validation_data": validation_data}
    _fresh_start()
    start = time.perf_counter()
    estimator.fit(X_train, y_train, **params)
    seconds = time.perf_counter() - start
    proba = None if X_test is None else estimator.predict_proba(X_test)[:, 1]
    return proba, seconds


def fit_and_score(
    estimator, X_train, y_train, X_test, y_test, *, validation_data=None, threshold=0.5
) -> dict[str, float]:
    """Fit on the training rows, score the test rows once; :func:`evaluate`'s dict plus
    ``fit_seconds``.

    ``validation_data=(X_val, y_val)`` is passed to ``fit`` (for early stopping) when given.
    """
    proba, seconds = _fit_predict(estimator, X_train, y_train, X_test, validation_data)
    return {**evaluate(y_test, proba, threshold), "fit_seconds": seconds}


def _split(X, y, random_state):
    """Repeat ``random_state``'s split: training part, then validation carved from it."""
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=TEST_SIZE, stratify=y, random_state=random_state
    )
    X_fit, X_val, y_fit, y_val = train_test_split(
        X_train, y_train, test_size=VAL_SIZE, stratify=y_train, random_state=random_state
    )
    return X_fit, y_fit, X_val, y_val, X_test, y_test


def _check_techniques(techniques: Sequence[str] | None) -> list[str]:
    if techniques is None:
        return list(TECHNIQUES)
    names = [t.strip() for t in techniques if t.strip()]
    unknown = [t for t in names if t not in TECHNIQUES]
    if unknown or not names:
        raise ValueError(
            f"Unknown technique(s): {', '.join(unknown) or '(none given)'}. "
            f"Choose from: {', '.join(TECHNIQUES)}."
        )
    return list(dict.fromkeys(names))


def prepare_data(
    df: pd.DataFrame | None = None, target: str | None = None, positive=None, log=print
) -> tuple[pd.DataFrame, pd.Series]:
    """Features and 0/1 target for the comparison.

    ``df=None`` uses the cleaned Telco table. For another table, identifier-like
    columns (text or integer, unique in every row) are dropped with a message; missing
    values raise an error rather than dropping rows.
    """
    if df is None:
        df, target, positive = clean_telco(load_telco_churn()), "Churn", 1
    if target is None:
        raise ValueError("Name the target column (on the command line: --target COLUMN).")
    check_target_column(df, target)
    if df.empty:
        raise ValueError("The data has no rows.")
    y = binary_target(df[target], positive=positive)
    X, dropped = drop_identifier_columns(df.drop(columns=target))
    if dropped:
        log(f"Dropped identifier-like column(s) (a distinct value in every row): {dropped}")
    check_features(X)
    check_class_counts(y, 10, "comparing on repeated stratified splits")
    return X, y


def run_compare(
    df: pd.DataFrame | None = None,
    target: str | None = None,
    *,
    positive=None,
    techniques: Sequence[str] | None = None,
    repeats: int = 5,
    seed: int = 0,
    out: str | Path | None = None,
    progress: bool = True,
    log=print,
) -> pd.DataFrame:
    """Train every technique on ``repeats`` stratified splits and score it on each test part.

    Parameters
    ----------
    df : pandas.DataFrame, default=None
        The table with its target column; ``None`` uses the cleaned Telco data.
    target : str, default=None
        The target column (needed with ``df``).
    positive : scalar, default=None
        The positive class's value; inferred for 0/1, true/false and yes/no targets.
    techniques : sequence of str, default=None
        Names from :data:`TECHNIQUES`; ``None`` runs all.
    repeats : int, default=5
        Number of random splits.
    seed : int, default=0
        Repeat ``i`` uses ``random_state=seed + i``.
    out : str or Path, default=None
        If given, ``leaderboard.csv``, ``leaderboard.md``, ``leaderboard.png``,
        ``scores.csv`` (one row per split) and ``predictions.csv`` are written there.
    progress : bool, default=True
        Show one progress bar.

    Returns
    -------
    pandas.DataFrame
        The leaderboard (see :func:`summarize`).
    """
    names = _check_techniques(techniques)
    if not isinstance(repeats, int) or repeats < 1:
        raise ValueError(f"repeats must be a positive integer, got {repeats!r}.")
    X, y = prepare_data(df, target, positive, log=log)

    from tqdm import tqdm

    bar = tqdm(total=repeats * len(names), desc="compare", disable=not progress, leave=False)
    scores, predictions = [], []
    for i in range(repeats):
        rs = seed + i
        X_fit, y_fit, X_val, y_val, X_test, y_test = _split(X, y, rs)
        for name in names:
            bar.set_postfix(split=i, technique=name)
            estimator = TECHNIQUES[name].build(X_fit, rs)
            proba, fit_seconds = _fit_predict(
                estimator, X_fit, y_fit, X_test, validation_data=(X_val, y_val)
            )
            threshold = 0.5  # every technique so far decides at 0.5
            row = {"technique": name, "repeat": i, **evaluate(y_test, proba, threshold)}
            row.update(
                fit_seconds=fit_seconds,
                n_train=len(X_fit) + len(X_val),
                n_test=len(X_test),
                test_positive_rate=float(y_test.mean()),
            )
            scores.append(row)
            predictions.append(
                pd.DataFrame(
                    {"technique": name, "repeat": i, "row": X_test.index,
                     "y_true": y_test.to_numpy(), "proba": proba, "threshold": threshold}
                )  # fmt: skip
            )
            bar.update(1)
    bar.close()
    scores = pd.DataFrame(scores)
    board = summarize(scores)
    if out is not None:
        _write_outputs(Path(out), board, scores, pd.concat(predictions, ignore_index=True))
    return board


def _corrected_interval(values: pd.Series, n_train: int, n_test: int, level=0.95):
    """Nadeau-Bengio interval: repeated random splits overlap, so the plain variance
    of their scores is too small; it is inflated by ``1/J + n_test/n_train``."""
    j = len(values)
    if j < 2:
        return math.nan, math.nan
    variance = (1 / j + n_test / n_train) * values.var(ddof=1)
    half = stats.t.ppf(0.5 + level / 2, j - 1) * math.sqrt(variance)
    return values.mean() - half, values.mean() + half


def summarize(scores: pd.DataFrame) -> pd.DataFrame:
    """Mean scores per technique over the splits, with a 95 % interval for F1.

    The interval uses the Nadeau-Bengio corrected variance; it is empty (NaN) for a
    single split. Rows are sorted by F1, best first.
    """
    rows = []
    for name, group in scores.groupby("technique", sort=False):
        low, high = _corrected_interval(
            group["f1"], int(group["n_train"].iloc[0]), int(group["n_test"].iloc[0])
        )
        row = {"technique": name, "f1": group["f1"].mean(), "f1_low": low, "f1_high": high}
        for column in ["precision", "recall", "pr_auc", "roc_auc", "balanced_accuracy", "mcc",
                       "brier", "threshold", "fit_seconds", "test_positive_rate"]:  # fmt: skip
            row[column] = group[column].mean()
        row["n_test"] = int(group["n_test"].iloc[0])
        row["repeats"] = len(group)
        rows.append(row)
    board = pd.DataFrame(rows).sort_values("f1", ascending=False, ignore_index=True)
    return board


def leaderboard_markdown(board: pd.DataFrame) -> str:
    """The leaderboard as a Markdown table (no extra dependency)."""
    shown = board.copy()
    shown.insert(
        2,
        "f1 95% CI",
        [
            "—" if math.isnan(lo) else f"{lo:.3f}–{hi:.3f}"
            for lo, hi in zip(shown.pop("f1_low"), shown.pop("f1_high"), strict=True)
        ],
    )
    header = "| " + " | ".join(shown.columns) + " |"
    rule = "|" + "|".join("---" if c == "technique" else "---:" for c in shown.columns) + "|"
    lines = [header, rule]
    for _, row in shown.iterrows():
        cells = []
        for column, value in row.items():
            if column in ("n_test", "repeats"):
                cells.append(str(int(value)))
            elif column == "fit_seconds":
                cells.append(f"{value:.1f}")
            elif isinstance(value, float):
                cells.append(f"{value:.3f}")
            else:
                cells.append(str(value))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def plot_leaderboard(board: pd.DataFrame, path: Path | None = None):
    """F1 with its interval and PR-AUC per technique; saved to ``path`` if given."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7, 0.45 * len(board) + 2), constrained_layout=True)
    ax = fig.subplots()
    order = board.iloc[::-1]
    ypos = np.arange(len(order))
    err = np.vstack([order["f1"] - order["f1_low"], order["f1_high"] - order["f1"]])
    ax.errorbar(order["f1"], ypos, xerr=np.nan_to_num(err), fmt="o", capsize=3,
                label="churn F1 (95% CI)")  # fmt: skip
    ax.plot(order["pr_auc"], ypos, "s", alpha=0.7, label="PR-AUC")
    ax.set_yticks(ypos, order["technique"])
    ax.set_xlabel("score on the untouched test parts (mean over splits)")
    ax.set_title(f"Techniques compared over {int(board['repeats'].iloc[0])} splits")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)
    ax.grid(axis="x", alpha=0.3)
    if path is not None:
        fig.savefig(path, dpi=120)
    return fig


def _write_outputs(out: Path, board, scores, predictions) -> None:
    out.mkdir(parents=True, exist_ok=True)
    board.to_csv(out / "leaderboard.csv", index=False)
    (out / "leaderboard.md").write_text(leaderboard_markdown(board), encoding="utf-8")
    scores.to_csv(out / "scores.csv", index=False)
    predictions.to_csv(out / "predictions.csv", index=False)
    plot_leaderboard(board, out / "leaderboard.png")


def _fresh_start() -> None:
    """Give each timed fit the same clean slate: no Keras graph state or garbage
    left over from the previous fit."""
    import gc

    import keras

    keras.backend.clear_session()
    gc.collect()


def bench(
    repeats: int = 3,
    seed: int = 0,
    out: str | Path | None = None,
    *,
    recipe_epochs: int = 100,
    log=print,
) -> dict:
    """Time one ANN fit of ours against the video's recipe on the same split.

    The recipe is the same 26-15-1 network fitted for ``recipe_epochs`` epochs with
    batch size 32 and no early stopping, as in the video. Ours is
    :class:`~churnlab.models.KerasBinaryClassifier` with its defaults (early stopping on
    a validation slice of the same training part). Building and tracing the model count
    on both sides; one untimed warm-up fit first pays TensorFlow's start-up cost.

    Returns
    -------
    dict
        ``ours_fit_seconds`` and ``recipe_fit_seconds`` (medians), their ``ratio``,
        ``ours_roc_auc`` and ``recipe_roc_auc`` (means over repeats on the test part).
    """
    import keras

    from churnlab.models import KerasBinaryClassifier, build_ann

    if not isinstance(repeats, int) or repeats < 1:
        raise ValueError(f"repeats must be a positive integer, got {repeats!r}.")
    X, y = prepare_data(log=log)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=TEST_SIZE, stratify=y, random_state=seed
    )
    prep = make_preprocessor(X_train).fit(X_train)
    Xtr = prep.transform(X_train).astype("float32")
    Xte = prep.transform(X_test).astype("float32")
    ytr = y_train.to_numpy().astype("float32")

    KerasBinaryClassifier(epochs=1, random_state=seed).fit(Xtr, ytr)  # warm-up, untimed
    ours_t, ours_auc, recipe_t, recipe_auc = [], [], [], []
    for r in range(repeats):
        proba, seconds = _fit_predict(KerasBinaryClassifier(random_state=seed + r), Xtr, ytr, Xte)
        ours_t.append(seconds)
        ours_auc.append(roc_auc_score(y_test, proba))

        _fresh_start()
        keras.utils.set_random_seed(seed + r)
        start = time.perf_counter()
        model = build_ann(Xtr.shape[1])
        model.fit(Xtr, ytr, epochs=recipe_epochs, batch_size=32, verbose=0)
        recipe_t.append(time.perf_counter() - start)
        recipe_auc.append(roc_auc_score(y_test, model.predict(Xte, verbose=0).ravel()))
        log(f"repeat {r}: ours {ours_t[-1]:.2f} s, recipe {recipe_t[-1]:.2f} s")
    result = {
        "ours_fit_seconds": statistics.median(ours_t),
        "recipe_fit_seconds": statistics.median(recipe_t),
        "ratio": statistics.median(ours_t) / statistics.median(recipe_t),
        "ours_roc_auc": float(np.mean(ours_auc)),
        "recipe_roc_auc": float(np.mean(recipe_auc)),
        "repeats": repeats,
        "recipe_epochs": recipe_epochs,
        "n_train": len(X_train),
    }
    if out is not None:
        Path(out).mkdir(parents=True, exist_ok=True)
        (Path(out) / "bench.json").write_text(json.dumps(result, indent=2) + "\n")
    return result


def bench_scale(
    techniques: Sequence[str] | None = None, seed: int = 0, fractions=(0.25, 0.5, 1.0)
) -> pd.DataFrame:
    """Fit seconds of each technique on growing shares of one training part."""
    names = _check_techniques(techniques)
    X, y = prepare_data(log=lambda *_: None)
    X_train, _, y_train, _ = train_test_split(
        X, y, test_size=TEST_SIZE, stratify=y, random_state=seed
    )
    rows = []
    for fraction in fractions:
        if fraction < 1:
            X_part, _, y_part, _ = train_test_split(
                X_train, y_train, train_size=fraction, stratify=y_train, random_state=seed
            )
        else:
            X_part, y_part = X_train, y_train
        X_fit, X_val, y_fit, y_val = train_test_split(
            X_part, y_part, test_size=VAL_SIZE, stratify=y_part, random_state=seed
        )
        for name in names:
            estimator = TECHNIQUES[name].build(X_fit, seed)
            _, seconds = _fit_predict(estimator, X_fit, y_fit, validation_data=(X_val, y_val))
            rows.append({"technique": name, "n_fit": len(X_fit), "fit_seconds": seconds})
    return pd.DataFrame(rows).pivot(index="technique", columns="n_fit", values="fit_seconds")
