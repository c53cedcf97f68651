import hashlib

import numpy as np
import pandas as pd
import pytest

from churnlab.data import (
    DATA_DIR,
    TELCO_COLUMNS,
    binary_target,
    check_features,
    clean_telco,
    drop_identifier_columns,
    load_csv,
    load_hpc_data,
    load_mlc_churn,
    load_telco_churn,
    split_data,
    split_xy,
)


@pytest.mark.parametrize(
    ("filename", "shape", "checksum"),
    [
        ("telco_churn.csv", (7043, 20), "00909851a75ead9706da352d4de5a87a"),
        ("mlc_churn.csv", (5000, 20), "731b7deed80ae5bbfece10cb7c11c79f"),
        ("hpc_data.csv", (4331, 8), "484788f934219ac9675f9caffbeca03e"),
    ],
)
def test_shipped_csv_files_are_the_exported_ones(filename, shape, checksum):
    path = DATA_DIR / filename
    assert hashlib.md5(path.read_bytes()).hexdigest() == checksum
    assert pd.read_csv(path).shape == shape


def test_load_telco_churn_has_the_original_layout():
    df = load_telco_churn()
    assert list(df.columns) == TELCO_COLUMNS
    assert df.shape == (7043, 20)
    assert (df["Churn"] == "Yes").sum() == 1869
    blank = df["TotalCharges"] == " "
    assert blank.sum() == 11
    assert (df.loc[blank, "tenure"] == 0).all()


def test_class_counts_of_the_other_tables():
    assert (load_mlc_churn()["churn"] == "yes").sum() == 707
    counts = load_hpc_data()["class"].value_counts().sort_values(ascending=False)
    assert counts.tolist() == [2211, 1347, 514, 259]


def test_load_telco_churn_reads_the_kaggle_file_and_drops_customer_id(tmp_path):
    original = load_telco_churn().head(20)
    kaggle = original.copy()
    kaggle.insert(0, "customerID", [f"{i:04d}-ABCDE" for i in range(20)])
    path = tmp_path / "WA_Fn-UseC_-Telco-Customer-Churn.csv"
    kaggle.to_csv(path, index=False)
    loaded = load_telco_churn(path)
    assert list(loaded.columns) == TELCO_COLUMNS
    assert loaded["tenure"].tolist() == original["tenure"].tolist()


def test_missing_file_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="no_such.csv"):
        load_telco_churn(tmp_path / "no_such.csv")


def test_csv_without_target_column_is_rejected(tmp_path):
    path = tmp_path / "t.csv"
    load_telco_churn().drop(columns="Churn").head(5).to_csv(path, index=False)
    with pytest.raises(ValueError, match="no target column 'Churn'"):
        load_telco_churn(path)


def test_csv_in_another_layout_is_rejected(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"a": [1, 2], "Churn": ["Yes", "No"]}).to_csv(path, index=False)
    with pytest.raises(ValueError, match="not in the Telco churn layout"):
        load_telco_churn(path)


def test_empty_csv_is_rejected(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,Churn\n")
    with pytest.raises(ValueError, match="no rows"):
        load_csv(path, target="Churn")
    path.write_text("")
    with pytest.raises(ValueError, match="is empty"):
        load_csv(path, target="Churn")


def test_clean_telco_keeps_every_row_and_zeroes_new_customers():
    raw = load_telco_churn()
    before = raw.copy()
    clean = clean_telco(raw)
    pd.testing.assert_frame_equal(raw, before)  # the input is not modified
    assert len(clean) == len(raw)
    assert clean["TotalCharges"].dtype == float
    assert (clean.loc[raw["TotalCharges"] == " ", "TotalCharges"] == 0).all()
    assert clean["Churn"].sum() == 1869
    assert not clean.isna().any().any()


def test_clean_telco_rejects_blank_charges_of_old_customers():
    raw = load_telco_churn().head(5).copy()
    raw.loc[raw.index[0], ["TotalCharges", "tenure"]] = [" ", 12]
    with pytest.raises(ValueError, match="tenure > 0"):
        clean_telco(raw)


def test_clean_telco_rejects_text_charges():
    raw = load_telco_churn().head(5).copy()
    raw.loc[raw.index[1], "TotalCharges"] = "n/a"
    with pytest.raises(ValueError, match="not numbers"):
        clean_telco(raw)


@pytest.mark.parametrize(
    ("values", "positive", "expected"),
    [
        (["No", "Yes", "No"], None, [0, 1, 0]),
        (["no", "yes"], None, [0, 1]),
        ([0, 1, 1], None, [0, 1, 1]),
        ([False, True], None, [0, 1]),
        (["stay", "leave"], "leave", [0, 1]),
    ],
)
def test_binary_target_encodes_the_positive_class_as_one(values, positive, expected):
    assert binary_target(values, positive=positive).tolist() == expected


@pytest.mark.parametrize(
    ("values", "positive", "message"),
    [
        (["a", "b", "c"], None, "must be binary"),
        (["Yes", "Yes"], None, "single class"),
        (["Yes", None], None, "missing values"),
        (["stay", "leave"], None, "positive="),
        (["Yes", "No"], "Maybe", "not a value"),
    ],
)
def test_binary_target_rejects_bad_targets(values, positive, message):
    with pytest.raises(ValueError, match=message):
        binary_target(values, positive=positive)


def test_split_data_is_stratified_disjoint_and_complete(churn_frame):
    before = churn_frame.copy()
    train, val, test = split_data(churn_frame, "Churn", random_state=3)
    pd.testing.assert_frame_equal(churn_frame, before)
    assert len(test) == 48 and len(val) == 39 and len(train) == 153
    parts = [set(train.index), set(val.index), set(test.index)]
    assert set().union(*parts) == set(churn_frame.index)
    assert sum(map(len, parts)) == len(churn_frame)
    rate = churn_frame["Churn"].mean()
    for part in (train, val, test):
        assert abs(part["Churn"].mean() - rate) < 0.03


def test_split_data_is_repeatable(churn_frame):
    a = split_data(churn_frame, "Churn", random_state=5)
    b = split_data(churn_frame, "Churn", random_state=5)
    c = split_data(churn_frame, "Churn", random_state=6)
    assert all(x.index.equals(y.index) for x, y in zip(a, b, strict=True))
    assert not a.test.index.equals(c.test.index)


def test_split_data_of_telco_gives_the_documented_sizes():
    train, val, test = split_data(clean_telco(load_telco_churn()), "Churn", random_state=0)
    assert (len(train), len(val), len(test)) == (4507, 1127, 1409)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda df: df.drop(columns="Churn"), "No target column"),
        (lambda df: df.iloc[:0], "empty"),
        (lambda df: df.assign(Churn=1), "single class"),
        (lambda df: df.assign(Churn=np.arange(len(df)) % 3), "must be binary"),
        (lambda df: df.assign(Churn=[1] * 2 + [0] * (len(df) - 2)), "at least 3"),
    ],
)
def test_split_data_rejects_bad_input(churn_frame, change, message):
    with pytest.raises(ValueError, match=message):
        split_data(change(churn_frame), "Churn")


def test_split_xy_separates_without_touching_the_frame(churn_frame):
    X, y = split_xy(churn_frame, "Churn")
    assert "Churn" not in X.columns and y.name == "Churn"
    assert "Churn" in churn_frame.columns


def test_identifier_columns_are_dropped_but_float_columns_kept():
    df = pd.DataFrame(
        {
            "customer": ["a", "b", "c", "d"],
            "row_id": [10, 11, 12, 13],
            "charges": [1.5, 2.5, 3.5, 4.5],
            "plan": ["x", "x", "y", "y"],
        }
    )
    X, dropped = drop_identifier_columns(df)
    assert dropped == ["customer", "row_id"]
    assert list(X.columns) == ["charges", "plan"]
    assert list(df.columns) == ["customer", "row_id", "charges", "plan"]


def test_check_features_names_the_columns_with_nan():
    with pytest.raises(ValueError, match=r"b \(1\)"):
        check_features(pd.DataFrame({"a": [1, 2], "b": [np.nan, 1.0]}))
    with pytest.raises(ValueError, match="no rows"):
        check_features(pd.DataFrame({"a": []}))
