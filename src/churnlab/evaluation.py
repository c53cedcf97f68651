"""Metrics for the positive (churn) class, and plots built on scikit-learn's Displays."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import (
    ConfusionMatrixDisplay,
    PrecisionRecallDisplay,
    RocCurveDisplay,
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    f1_score,
    matthews_corrcoef,
    precision_score,
    recall_score,
    roc_auc_score,
)

__all__ = [
    "KEY_METRICS",
    "METRICS",
    "evaluate",
    "metrics_table",
    "plot_confusion_matrix",
    "plot_curves",
    "plot_history",
    "plot_metrics",
]

#: The keys of :func:`evaluate`'s result, in display order.
METRICS = [
    "precision", "recall", "f1", "pr_auc", "roc_auc", "balanced_accuracy", "mcc", "brier",
    "accuracy",
]  # fmt: skip


def _check_scores(y_true, proba):
    y_true = np.asarray(y_true)
    proba = np.asarray(proba, dtype=float)
    if proba.ndim == 2 and proba.shape[1] == 2:
        proba = proba[:, 1]
    if proba.ndim != 1:
        raise ValueError(
            f"proba must be the positive-class probabilities, shape (n,), or predict_proba's "
            f"(n, 2); got shape {proba.shape}."
        )
    if y_true.ndim != 1 or len(y_true) != len(proba):
        raise ValueError(
            f"y_true and proba must have the same length; got {len(y_true)} and {len(proba)}."
        )
    if len(y_true) == 0:
        raise ValueError("evaluate got no rows.")
    if np.isnan(proba).any():
        raise ValueError("proba contains NaN; the model's outputs are not usable.")
    if proba.min() < 0 or proba.max() > 1:
        raise ValueError("proba must be probabilities in [0, 1].")
    labels = set(np.unique(y_true).tolist())
    if not labels <= {0, 1}:  # True == 1 and False == 0 here
        raise ValueError(
            f"y_true must be 0/1 (1 = positive class); got labels {sorted(labels, key=str)}. "
            "Encode it first, e.g. churnlab.data.binary_target(y)."
        )
    if len(labels) < 2:
        raise ValueError(
            "y_true has a single class; ROC-AUC and PR-AUC need both classes in the test part."
        )
    return y_true.astype(int), proba


def evaluate(y_true, proba, threshold: float = 0.5) -> dict[str, float]:
    """Score positive-class probabilities against the truth.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        0/1 labels, 1 for the positive (churn) class.
    proba : array-like of shape (n_samples,) or (n_samples, 2)
        Probability of the positive class (or ``predict_proba``'s output).
    threshold : float, default=0.5
        A row is predicted positive when its probability is at least this.

    Returns
    -------
    dict
        ``precision``, ``recall`` and ``f1`` of the positive class at ``threshold``;
        the threshold-free ``pr_auc`` (average precision) and ``roc_auc``;
        ``balanced_accuracy``, ``mcc`` and ``accuracy`` at ``threshold``; ``brier``
        (mean squared error of the probabilities, lower is better); and ``threshold``.

    Examples
    --------
    >>> scores = evaluate([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9])
    >>> scores["f1"], scores["roc_auc"]
    (0.5, 0.75)
    """
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold must be in [0, 1], got {threshold!r}.")
    y_true, proba = _check_scores(y_true, proba)
    y_pred = (proba >= threshold).astype(int)
    scores = {
        "precision": precision_score(y_true, y_pred, zero_division=0),
        "recall": recall_score(y_true, y_pred),
        "f1": f1_score(y_true, y_pred, zero_division=0),
        "pr_auc": average_precision_score(y_true, proba),
        "roc_auc": roc_auc_score(y_true, proba),
        "balanced_accuracy": balanced_accuracy_score(y_true, y_pred),
        "mcc": matthews_corrcoef(y_true, y_pred),
        "brier": brier_score_loss(y_true, proba),
        "accuracy": float(np.mean(y_true == y_pred)),
    }
    scores = {name: float(value) for name, value in scores.items()}
    scores["threshold"] = float(threshold)
    return scores


#: The columns :func:`metrics_table` shows by default.
KEY_METRICS = ["precision", "recall", "f1", "pr_auc", "roc_auc", "brier"]


def metrics_table(results: dict[str, dict], columns=None, digits: int = 3) -> pd.DataFrame:
    """One row per model from ``{name: evaluate(...)}``.

    Parameters
    ----------
    results : dict
        ``{model name: evaluate(...) dict}``.
    columns : list of str or "all", default=None
        Which scores to show; ``None`` shows :data:`KEY_METRICS`.
    digits : int, default=3
        Rounding.

    Examples
    --------
    >>> metrics_table({"a": evaluate([0, 1], [0.2, 0.7])}).loc["a", ["f1", "roc_auc"]].tolist()
    [1.0, 1.0]
    """
    table = pd.DataFrame.from_dict(results, orient="index")
    if columns is None:
        columns = KEY_METRICS
    elif columns == "all":
        columns = [*METRICS, "threshold", "fit_seconds"]
    return table[[c for c in columns if c in table.columns]].astype(float).round(digits)


def _new_axes(ax, ncols=1, figsize=(5, 4)):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(1, ncols, figsize=figsize, constrained_layout=True)
    return ax


def plot_confusion_matrix(y_true, proba, threshold=0.5, *, labels=("stays", "churns"),
                          ax=None, title=None):  # fmt: skip
    """Confusion matrix at ``threshold``, drawn by ``ConfusionMatrixDisplay``; returns the Axes."""
    y_true, proba = _check_scores(y_true, proba)
    ax = _new_axes(ax, figsize=(4, 3.5))
    ConfusionMatrixDisplay.from_predictions(
        y_true, (proba >= threshold).astype(int), display_labels=list(labels), ax=ax,
        colorbar=False, cmap="Blues",
    )  # fmt: skip
    ax.set_title(title or f"Confusion matrix (threshold {threshold:.2f})")
    return ax


def plot_curves(y_true, probas: dict, *, axes=None, title=None):
    """Precision-recall and ROC curves of several models side by side; returns both Axes.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        0/1 labels.
    probas : dict
        ``{name: positive-class probabilities}``.
    axes : pair of Axes, default=None
        Where to draw; new ones if ``None``.
    """
    axes = _new_axes(axes, ncols=2, figsize=(10, 4))
    ax_pr, ax_roc = axes
    for i, (name, proba) in enumerate(probas.items()):
        y, p = _check_scores(y_true, proba)
        last = i == len(probas) - 1
        PrecisionRecallDisplay.from_predictions(
            y, p, name=name, ax=ax_pr, plot_chance_level=last
        )
        RocCurveDisplay.from_predictions(y, p, name=name, ax=ax_roc, plot_chance_level=last)
    ax_pr.set_title("Precision-recall curve (churn class)")
    ax_roc.set_title("ROC curve")
    if title:
        ax_pr.figure.suptitle(title)
    return axes


def plot_history(history, *, ax=None, title="Training and validation loss"):
    """Loss per epoch from a ``history_`` dict (or a Keras ``History``); returns the Axes."""
    history = getattr(history, "history", history)
    if "loss" not in history:
        raise ValueError("history has no 'loss' entry; pass clf.history_ of a fitted model.")
    ax = _new_axes(ax, figsize=(5, 3.5))
    epochs = np.arange(1, len(history["loss"]) + 1)
    ax.plot(epochs, history["loss"], label="training")
    if "val_loss" in history:
        ax.plot(epochs, history["val_loss"], label="validation")
        best = int(np.argmin(history["val_loss"])) + 1
        ax.axvline(best, color="grey", linestyle=":", label=f"best epoch ({best})")
    ax.set(xlabel="epoch", ylabel="loss", title=title)
    ax.legend()
    return ax


def plot_metrics(results: dict[str, dict], metrics=("precision", "recall", "f1"), *, ax=None,
                 title=None):  # fmt: skip
    """Horizontal bars of a few metrics per model, from ``{name: evaluate(...)}``."""
    table = metrics_table(results)[list(metrics)]
    ax = _new_axes(ax, figsize=(7, 0.5 * len(table) * len(metrics) / 2 + 1.5))
    table.iloc[::-1].plot.barh(ax=ax, width=0.8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("score on the test part (churn class)")
    ax.set_title(title or "Test scores at threshold 0.5")
    ax.legend(loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    return ax
