import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from imblearn import FunctionSampler
from imblearn.over_sampling import RandomOverSampler
from imblearn.under_sampling import RandomUnderSampler
from sklearn.linear_model import LogisticRegression

from churnlab.compare import TECHNIQUES, Technique, run_compare
from churnlab.features import make_preprocessor
from churnlab.models import HoldoutPipeline, KerasBinaryClassifier
from churnlab.resampling import (
    make_sampler_pipeline,
    make_smotenc_pipeline,
    oversample,
    undersample,
)


def _frame(n_major, n_minor, seed=0):
    rng = np.random.default_rng(seed)
    n = n_major + n_minor
    y = [0] * n_major + [1] * n_minor
    return pd.DataFrame(
        {"x": rng.normal(size=n), "plan": rng.choice(["a", "b"], n), "y": y},
        index=rng.permutation(np.arange(1000, 1000 + n)),
    )


def test_undersample_balances_classes_with_training_rows_only(churn_frame):
    before = churn_frame.copy()
    out = undersample(churn_frame, "Churn", random_state=0)
    pd.testing.assert_frame_equal(churn_frame, before)
    counts = out["Churn"].value_counts()
    assert counts[0] == counts[1] == (churn_frame["Churn"] == 1).sum()
    assert out.index.is_unique
    pd.testing.assert_frame_equal(out, churn_frame.loc[out.index])  # real rows, unchanged


def test_oversample_keeps_every_row_and_copies_only_minority_rows(churn_frame):
    out = oversample(churn_frame, "Churn", random_state=0)
    counts = out["Churn"].value_counts()
    assert counts[1] == counts[0] == (churn_frame["Churn"] == 0).sum()
    pd.testing.assert_frame_equal(out.iloc[: len(churn_frame)], churn_frame)
    extra = out.iloc[len(churn_frame) :]
    assert (extra["Churn"] == 1).all()
    pd.testing.assert_frame_equal(extra, churn_frame.loc[extra.index])  # exact copies


@pytest.mark.parametrize("ratio", [1.0, 0.8, 0.5])
def test_by_hand_matches_imbalanced_learn_counts_and_membership(churn_frame, ratio):
    X, y = churn_frame.drop(columns="Churn"), churn_frame["Churn"]
    ours_under = undersample(churn_frame, "Churn", ratio=ratio, random_state=0)
    rus = RandomUnderSampler(sampling_strategy=ratio, random_state=0).fit(X, y)
    _, y_rus = rus.fit_resample(X, y)
    assert ours_under["Churn"].value_counts().to_dict() == y_rus.value_counts().to_dict()
    # both keep a subset of the original rows
    assert set(ours_under.index) <= set(churn_frame.index)
    assert set(rus.sample_indices_) <= set(range(len(churn_frame)))

    ours_over = oversample(churn_frame, "Churn", ratio=ratio, random_state=0)
    ros = RandomOverSampler(sampling_strategy=ratio, random_state=0)
    _, y_ros = ros.fit_resample(X, y)
    assert ours_over["Churn"].value_counts().to_dict() == y_ros.value_counts().to_dict()
    # both keep every original row and add copies of minority rows
    assert sorted(set(ros.sample_indices_)) == list(range(len(churn_frame)))
    assert (y.iloc[ros.sample_indices_[len(churn_frame) :]] == 1).all()


def test_same_seed_same_rows(churn_frame):
    a = undersample(churn_frame, "Churn", random_state=4)
    b = undersample(churn_frame, "Churn", random_state=4)
    c = undersample(churn_frame, "Churn", random_state=5)
    assert a.index.equals(b.index) and not a.index.equals(c.index)


@settings(max_examples=60, deadline=None)
@given(
    n_major=st.integers(2, 80),
    n_minor=st.integers(1, 80),
    ratio=st.floats(0.05, 1.0),
    seed=st.integers(0, 2**16),
)
def test_resampling_invariants(n_major, n_minor, ratio, seed):
    if n_minor >= n_major or n_minor / n_major > ratio:
        return  # covered by the error tests
    df = _frame(n_major, n_minor, seed)
    before = df.copy()

    under = undersample(df, "y", ratio=ratio, random_state=seed)
    assert set(under.index) <= set(df.index) and under.index.is_unique
    assert (under["y"] == 1).sum() == n_minor
    assert (under["y"] == 0).sum() == int(n_minor / ratio)

    over = oversample(df, "y", ratio=ratio, random_state=seed)
    assert set(over.index) == set(df.index)  # every row kept, nothing new invented
    assert (over["y"] == 0).sum() == n_major
    assert (over["y"] == 1).sum() == max(int(n_major * ratio), n_minor)
    pd.testing.assert_frame_equal(df, before)


@pytest.mark.parametrize("func", [undersample, oversample])
@pytest.mark.parametrize(
    ("df", "kwargs", "message"),
    [
        (_frame(10, 0), {}, "single class"),
        (_frame(10, 10).assign(y=[0] * 10 + [1] * 5 + [2] * 5), {}, "3 classes"),
        (_frame(5, 3), {"ratio": 0.5}, "ratio 0.60 > 0.5"),
        (_frame(5, 3), {"ratio": 1.5}, r"\(0, 1\]"),
        (_frame(5, 3).drop(columns="y"), {}, "No target column"),
        (_frame(5, 3).assign(y=[0, 1, None, 0, 1, 0, 0, 1]), {}, "missing values"),
    ],
)
def test_bad_input_is_named(func, df, kwargs, message):
    with pytest.raises(ValueError, match=message):
        func(df, "y", **kwargs)


def test_a_minority_larger_than_the_majority_is_refused():
    df = _frame(3, 7)  # label 1 is now the majority
    with pytest.raises(ValueError, match="minority class 0 already has 3 rows for 7"):
        undersample(df, "y", ratio=0.2)


# -- pipelines: only training rows reach the sampler ----------------------------------


class _Spy:
    seen: list

    def __init__(self):
        self.seen = []

    def __call__(self, X, y):
        self.seen.append(list(X.index))
        return X, y


def test_sampler_pipeline_resamples_only_what_it_is_fitted_on(churn_frame):
    X, y = churn_frame.drop(columns="Churn"), churn_frame["Churn"]
    spy = _Spy()
    pipe = HoldoutPipeline(
        [("spy", FunctionSampler(func=spy, validate=False)), ("prep", make_preprocessor(X)),
         ("ann", KerasBinaryClassifier(epochs=5, random_state=0))],
        random_state=0,
    )  # fmt: skip
    pipe.fit(X.iloc[:200], y.iloc[:200], validation_data=(X.iloc[200:], y.iloc[200:]))
    pipe.predict_proba(X)  # predicting must not call the sampler
    assert len(spy.seen) == 1 and set(spy.seen[0]) == set(X.index[:200])


def test_the_test_and_validation_parts_never_reach_a_sampler(churn_frame, tmp_path, monkeypatch):
    from sklearn.model_selection import train_test_split

    spy = _Spy()

    def build(X, random_state):
        return HoldoutPipeline(
            [("spy", FunctionSampler(func=spy, validate=False)),
             ("prep", make_preprocessor(X)), ("model", LogisticRegression())]
        )  # fmt: skip

    monkeypatch.setitem(TECHNIQUES, "spy", Technique("spy", "records its rows", build))
    run_compare(churn_frame, "Churn", techniques=["spy"], repeats=2, seed=7, out=tmp_path,
                progress=False)  # fmt: skip
    predictions = pd.read_csv(tmp_path / "predictions.csv")
    y = churn_frame["Churn"]
    for i, seen in enumerate(spy.seen):
        train, test = train_test_split(churn_frame, test_size=0.2, stratify=y, random_state=7 + i)
        fit, val = train_test_split(train, test_size=0.2, stratify=train["Churn"],
                                    random_state=7 + i)  # fmt: skip
        assert set(seen) == set(fit.index)
        assert set(seen).isdisjoint(test.index) and set(seen).isdisjoint(val.index)
        assert set(predictions.loc[predictions["repeat"] == i, "row"]) == set(test.index)


def test_smotenc_creates_no_fractional_categories(churn_frame):
    X, y = churn_frame.drop(columns="Churn"), churn_frame["Churn"]
    pipe = make_smotenc_pipeline(X, LogisticRegression(), random_state=0)
    scaled = pipe.named_steps["scale"].fit_transform(X)
    X_res, y_res = pipe.named_steps["resample"].fit_resample(scaled, y)
    assert (y_res == 1).sum() == (y_res == 0).sum()
    for column in ["gender", "Contract"]:
        assert set(X_res[column]) == set(X[column])  # only real categories
    encoded = pipe.named_steps["encode"].fit_transform(X_res)
    one_hot = encoded[:, :4]  # gender_Male + three Contract columns
    assert set(np.unique(one_hot)) <= {0.0, 1.0}


def test_smotenc_pipeline_fits_and_predicts(churn_frame):
    X, y = churn_frame.drop(columns="Churn"), churn_frame["Churn"]
    pipe = make_smotenc_pipeline(X, KerasBinaryClassifier(epochs=5, random_state=0), random_state=0)
    assert pipe.fit(X, y).predict_proba(X).shape == (len(X), 2)
    with pytest.raises(ValueError, match="categorical"):
        make_smotenc_pipeline(X[["tenure"]], LogisticRegression())


def test_sampler_pipeline_balances_what_the_model_sees(churn_frame):
    X, y = churn_frame.drop(columns="Churn"), churn_frame["Churn"]
    pipe = make_sampler_pipeline(X, RandomUnderSampler(random_state=0), LogisticRegression())
    pipe.fit(X, y)
    assert pipe.predict_proba(X).shape == (len(X), 2)


@pytest.mark.parametrize(
    "name", ["undersample", "oversample", "smote", "smotenc", "adasyn", "smote_tomek"]
)
def test_resampling_techniques_are_registered(name):
    assert name in TECHNIQUES
