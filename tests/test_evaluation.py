import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from churnlab.evaluation import (
    METRICS,
    evaluate,
    metrics_table,
    plot_confusion_matrix,
    plot_curves,
    plot_history,
)

Y = np.array([0, 0, 0, 0, 1, 1, 0, 1])
P = np.array([0.1, 0.2, 0.3, 0.6, 0.7, 0.4, 0.05, 0.9])


def test_evaluate_reports_the_positive_class():
    scores = evaluate(Y, P, threshold=0.5)
    # predicted positive: rows 3, 4, 7 -> TP 2 (4, 7), FP 1 (3), FN 1 (5)
    assert scores["precision"] == pytest.approx(2 / 3)
    assert scores["recall"] == pytest.approx(2 / 3)
    assert scores["f1"] == pytest.approx(2 / 3)
    assert scores["accuracy"] == pytest.approx(6 / 8)
    assert scores["threshold"] == 0.5
    assert set(METRICS) <= set(scores)


def test_threshold_moves_recall_and_precision_in_opposite_directions():
    low, high = evaluate(Y, P, threshold=0.35), evaluate(Y, P, threshold=0.65)
    assert low["recall"] > high["recall"]
    assert low["precision"] < high["precision"]
    assert low["roc_auc"] == high["roc_auc"]  # threshold-free


def test_predict_proba_output_is_accepted():
    both = np.column_stack([1 - P, P])
    assert evaluate(Y, both) == evaluate(Y, P)


@pytest.mark.parametrize(
    ("y", "p", "message"),
    [
        (Y, P[:-1], "same length"),
        (Y, np.where(P > 0.5, np.nan, P), "NaN"),
        (np.zeros(8), P, "single class"),
        (np.where(Y == 1, "Yes", "No"), P, "0/1"),
        (Y, P * 3, r"\[0, 1\]"),
        (Y, np.ones((8, 3)), "shape"),
        (np.array([]), np.array([]), "no rows"),
    ],
)
def test_bad_input_is_named(y, p, message):
    with pytest.raises(ValueError, match=message):
        evaluate(y, p)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.booleans(), st.floats(0, 1)), min_size=2, max_size=50),
    st.floats(0, 1),
)
def test_metrics_stay_in_their_ranges(rows, threshold):
    y = np.array([r[0] for r in rows], dtype=int)
    p = np.array([r[1] for r in rows])
    if len(set(y)) < 2:
        y[0], y[1] = 0, 1
    scores = evaluate(y, p, threshold)
    for name in ["precision", "recall", "f1", "pr_auc", "roc_auc", "balanced_accuracy", "brier"]:
        assert 0 <= scores[name] <= 1
    assert -1 <= scores["mcc"] <= 1


def test_metrics_table_has_one_row_per_model():
    results = {"a": evaluate(Y, P), "b": evaluate(Y, P, 0.3)}
    table = metrics_table(results)
    assert list(table.index) == ["a", "b"]
    assert list(table.columns) == ["precision", "recall", "f1", "pr_auc", "roc_auc", "brier"]
    assert metrics_table(results, columns="all").loc["b", "threshold"] == 0.3


def test_plots_return_their_axes():
    import matplotlib.pyplot as plt

    ax = plot_confusion_matrix(Y, P, 0.5, title="Baseline (threshold 0.50)")
    assert ax.get_title() == "Baseline (threshold 0.50)"
    ax_pr, ax_roc = plot_curves(Y, {"a": P, "b": P[::-1]})
    assert len(ax_pr.get_legend().get_texts()) == 3  # two models and chance
    hist = {"loss": [0.6, 0.5, 0.45], "val_loss": [0.55, 0.5, 0.52]}
    ax = plot_history(hist)
    assert len(ax.lines) == 3
    with pytest.raises(ValueError, match="loss"):
        plot_history({})
    plt.close("all")
