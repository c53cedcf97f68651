import numpy as np
import pandas as pd
import pytest

from churnlab.features import categorical_columns, make_preprocessor, numeric_columns


def test_text_columns_are_categorical_whatever_the_string_dtype():
    X = pd.DataFrame({"a": pd.Series(["x", "y"], dtype="str"), "b": pd.Series(["u", "v"],
                      dtype="object"), "n": [1, 2], "f": [0.5, 1.5]})  # fmt: skip
    assert categorical_columns(X) == ["a", "b"]
    assert numeric_columns(X) == ["n", "f"]


def test_preprocessor_learns_only_from_what_it_is_fitted_on(churn_frame):
    X = churn_frame.drop(columns="Churn")
    train, test = X.iloc[:150], X.iloc[150:]
    prep = make_preprocessor(train).fit(train)
    out = prep.transform(train)
    numeric = [i for i, n in enumerate(prep.get_feature_names_out()) if n in ("tenure",
               "MonthlyCharges")]  # fmt: skip
    np.testing.assert_allclose(out[:, numeric].mean(axis=0), 0, atol=1e-9)
    assert prep.transform(test).shape[1] == out.shape[1]
    # gender (2 values) -> one column, Contract (3) -> three, plus two numbers
    assert out.shape[1] == 1 + 3 + 2


def test_unseen_categories_become_zeros(churn_frame):
    X = churn_frame.drop(columns="Churn")
    prep = make_preprocessor(X).fit(X)
    odd = X.head(1).assign(Contract="Ten year")
    with pytest.warns(UserWarning, match="unknown categories"):
        row = prep.transform(odd)[0]
    names = list(prep.get_feature_names_out())
    assert all(row[names.index(n)] == 0 for n in names if n.startswith("Contract_"))


def test_preprocessor_needs_a_frame():
    with pytest.raises(TypeError, match="DataFrame"):
        make_preprocessor(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="no columns"):
        make_preprocessor(pd.DataFrame(index=[0, 1]))


def test_log1p_applies_only_to_columns_never_negative_in_training():
    from churnlab.features import Log1pNonNegative

    train = np.array([[0.0, -2.0], [9.0, 3.0]])
    step = Log1pNonNegative().fit(train)
    assert step.log_columns_.tolist() == [True, False]
    out = step.transform(np.array([[99.0, -5.0], [-1.0, 1.0]]))
    np.testing.assert_allclose(out, [[np.log(100.0), -5.0], [0.0, 1.0]])  # -1 is clipped to 0
    np.testing.assert_array_equal(train, [[0.0, -2.0], [9.0, 3.0]])  # input untouched


def test_preprocessor_can_skip_the_log():
    X = pd.DataFrame({"n": [0.0, 1.0, 100.0]})
    logged = make_preprocessor(X).fit_transform(X)[:, 0]
    plain = make_preprocessor(X, log=False).fit_transform(X)[:, 0]
    assert np.diff(logged)[0] > np.diff(plain)[0]  # small values spread out by the log
