import json

import numpy as np
import pandas as pd
import pytest

from churnlab.__main__ import main
from churnlab.compare import (
    TECHNIQUES,
    _corrected_interval,
    leaderboard_markdown,
    prepare_data,
    run_compare,
)

COLUMNS = [
    "technique", "f1", "f1_low", "f1_high", "precision", "recall", "pr_auc", "roc_auc",
    "balanced_accuracy", "brier", "fit_seconds", "n_test", "test_positive_rate",
]  # fmt: skip


@pytest.fixture
def csv_file(tmp_path, churn_frame):
    df = churn_frame.assign(
        customer=[f"c{i}" for i in range(len(churn_frame))],
        Churn=churn_frame["Churn"].map({1: "yes", 0: "no"}),
    )
    path = tmp_path / "own.csv"
    df.to_csv(path, index=False)
    return path


def test_run_compare_on_a_users_table(churn_frame, tmp_path):
    board = run_compare(
        churn_frame, "Churn", techniques=["logreg", "hgb"], repeats=2, seed=3, out=tmp_path,
        progress=False, log=lambda *_: None,
    )  # fmt: skip
    assert set(COLUMNS) <= set(board.columns)
    assert set(board["technique"]) == {"logreg", "hgb"}
    assert (board["n_test"] == 48).all()  # 20 % of 240 rows
    assert board["f1"].is_monotonic_decreasing
    for name in ["leaderboard.csv", "leaderboard.md", "leaderboard.png", "predictions.csv"]:
        assert (tmp_path / name).exists()
    predictions = pd.read_csv(tmp_path / "predictions.csv")
    assert len(predictions) == 2 * 2 * 48
    # each repeat's test rows are one stratified split: no row twice within a repeat
    assert not predictions.duplicated(["technique", "repeat", "row"]).any()


def test_repeat_i_uses_the_documented_split(churn_frame, tmp_path):
    from sklearn.model_selection import train_test_split

    run_compare(churn_frame, "Churn", techniques=["logreg"], repeats=2, seed=5, out=tmp_path,
                progress=False)  # fmt: skip
    predictions = pd.read_csv(tmp_path / "predictions.csv")
    y = churn_frame["Churn"]
    for i in range(2):
        _, test = train_test_split(churn_frame, test_size=0.2, stratify=y, random_state=5 + i)
        rows = predictions.loc[predictions["repeat"] == i, "row"]
        assert sorted(rows) == sorted(test.index)


def test_same_seed_same_leaderboard(churn_frame):
    kwargs = {"techniques": ["baseline", "logreg"], "repeats": 2, "seed": 1, "progress": False}
    a = run_compare(churn_frame, "Churn", **kwargs).drop(columns="fit_seconds")
    b = run_compare(churn_frame, "Churn", **kwargs).drop(columns="fit_seconds")
    pd.testing.assert_frame_equal(a, b)


def test_single_repeat_gives_an_empty_interval(churn_frame):
    board = run_compare(churn_frame, "Churn", techniques=["logreg"], repeats=1, progress=False)
    assert np.isnan(board.loc[0, "f1_low"]) and np.isnan(board.loc[0, "f1_high"])
    assert "—" in leaderboard_markdown(board)


def test_nadeau_bengio_interval_is_wider_than_the_naive_one():
    values = pd.Series([0.60, 0.62, 0.58, 0.61, 0.59])
    low, high = _corrected_interval(values, n_train=800, n_test=200)
    naive_half = 2.776 * values.std() / np.sqrt(5)
    assert low < values.mean() < high
    assert (high - low) / 2 > naive_half
    assert (high - low) / 2 == pytest.approx(
        2.776 * np.sqrt((1 / 5 + 200 / 800) * values.var()), rel=1e-3
    )


def test_unknown_technique_is_named(churn_frame):
    with pytest.raises(ValueError, match="Unknown technique.*nope.*Choose from"):
        run_compare(churn_frame, "Churn", techniques=["nope"], progress=False)


def test_prepare_data_drops_identifiers_with_a_message(csv_file):
    messages = []
    X, y = prepare_data(pd.read_csv(csv_file), "Churn", log=messages.append)
    assert "customer" not in X.columns and "customer" in messages[0]
    assert y.sum() == (pd.read_csv(csv_file)["Churn"] == "yes").sum()


def test_prepare_data_refuses_missing_values(churn_frame):
    df = churn_frame.astype({"tenure": float})
    df.loc[3, "tenure"] = np.nan
    with pytest.raises(ValueError, match=r"tenure \(1\)"):
        prepare_data(df, "Churn")


def test_technique_registry_names():
    assert {"baseline", "logreg", "hgb"} <= set(TECHNIQUES)


# -- the command line ---------------------------------------------------------------


def test_cli_compare_on_own_csv(csv_file, tmp_path, capsys):
    out = tmp_path / "out"
    main(["compare", "--csv", str(csv_file), "--target", "Churn", "--positive", "yes",
          "--techniques", "logreg", "--repeats", "2", "--out", str(out), "--quiet"])  # fmt: skip
    printed = capsys.readouterr().out
    assert "| logreg |" in printed and "customer" in printed
    board = pd.read_csv(out / "leaderboard.csv")
    assert set(COLUMNS) <= set(board.columns)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["compare", "--techniques", "baseline,magic"], "Unknown technique(s): magic"),
        (["compare", "--csv", "x.csv"], "--csv needs --target"),
        (["compare", "--target", "Churn"], "go with --csv"),
        (["compare", "--csv", "missing.csv", "--target", "y"], "No CSV file"),
        (["compare", "--repeats", "0", "--techniques", "logreg"], "repeats"),
    ],
)
def test_cli_errors_are_clear(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_cli_wrong_target_column(csv_file, capsys):
    with pytest.raises(SystemExit):
        main(["compare", "--csv", str(csv_file), "--target", "Nope", "--quiet"])
    assert "no target column 'Nope'" in capsys.readouterr().err


def test_cli_lists_techniques(capsys):
    main(["compare", "--list"])
    assert "baseline" in capsys.readouterr().out


def test_cli_bench_writes_json(tmp_path, capsys):
    main(["bench", "--repeats", "1", "--recipe-epochs", "2", "--out", str(tmp_path)])
    result = json.loads((tmp_path / "bench.json").read_text())
    for key in ["ours_fit_seconds", "recipe_fit_seconds", "ratio", "ours_roc_auc",
                "recipe_roc_auc"]:  # fmt: skip
        assert key in result
    assert result["ratio"] == pytest.approx(
        result["ours_fit_seconds"] / result["recipe_fit_seconds"]
    )
    assert "ratio" in capsys.readouterr().out


def test_bench_scale_times_each_technique_on_growing_training_sets():
    from churnlab.compare import bench_scale

    table = bench_scale(["logreg"], fractions=(0.25, 1.0))
    assert list(table.index) == ["logreg"]
    small, full = table.columns
    assert small < full and (table > 0).all().all()


def test_build_technique_and_fit_and_score(churn_frame):
    from churnlab.compare import build_technique, fit_and_score

    X, y = churn_frame.drop(columns="Churn"), churn_frame["Churn"]
    scores = fit_and_score(build_technique("logreg", X), X[:200], y[:200], X[200:], y[200:])
    assert {"f1", "roc_auc", "fit_seconds"} <= set(scores)
    with pytest.raises(ValueError, match="Unknown technique"):
        build_technique("magic", X)
