import pickle

import numpy as np
import pandas as pd
import pytest
from imblearn.ensemble import BalancedBaggingClassifier
from imblearn.over_sampling import RandomOverSampler
from imblearn.pipeline import make_pipeline as make_imb_pipeline
from sklearn.base import clone, is_classifier
from sklearn.model_selection import cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.utils.estimator_checks import parametrize_with_checks

from churnlab.features import make_preprocessor
from churnlab.models import HoldoutPipeline, KerasBinaryClassifier, build_ann

FAST = {"epochs": 15, "random_state": 0}


def test_build_ann_defaults_to_the_tutorial_network():
    model = build_ann(40)
    dense = [layer for layer in model.layers if hasattr(layer, "units")]
    assert [layer.units for layer in dense] == [26, 15, 1]
    assert model.input_shape == (None, 40)
    assert dense[-1].activation.__name__ == "sigmoid"


def test_build_ann_output_bias_sets_the_starting_probability():
    model = build_ann(3, output_bias=np.log(0.25 / 0.75))
    assert model.layers[-1].get_weights()[1][0] == pytest.approx(np.log(1 / 3))


@pytest.mark.parametrize("bad", [0, -3, 2.5])
def test_build_ann_rejects_bad_width(bad):
    with pytest.raises(ValueError, match="n_features"):
        build_ann(bad)


def test_classifier_is_a_scikit_learn_classifier():
    clf = KerasBinaryClassifier(epochs=3, class_weight="balanced")
    assert is_classifier(clf)
    twin = clone(clf)
    assert twin.get_params() == clf.get_params()
    assert clf.set_params(epochs=7).epochs == 7
    assert clf.__sklearn_tags__().classifier_tags.multi_class is False


def test_fit_predict_proba_and_predict(xy_numeric):
    X, y = xy_numeric
    clf = KerasBinaryClassifier(**FAST).fit(X, y)
    proba = clf.predict_proba(X)
    assert proba.shape == (len(X), 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert clf.classes_.tolist() == [0, 1]
    assert set(clf.predict(X)) <= {0, 1}
    assert clf.n_features_in_ == X.shape[1]
    assert 1 <= clf.best_epoch_ <= clf.n_epochs_ <= 15
    assert len(clf.history_["val_loss"]) == clf.n_epochs_


def test_the_network_learns_something(xy_numeric):
    from sklearn.metrics import roc_auc_score

    X, y = xy_numeric
    clf = KerasBinaryClassifier(epochs=60, random_state=0).fit(X[:200], y[:200])
    assert roc_auc_score(y[200:], clf.predict_proba(X[200:])[:, 1]) > 0.8


def test_string_labels_and_threshold(xy_numeric):
    X, y = xy_numeric
    labels = np.where(y == 1, "Yes", "No")
    clf = KerasBinaryClassifier(**FAST).fit(X, labels)
    assert clf.classes_.tolist() == ["No", "Yes"]
    proba = clf.predict_proba(X)[:, 1]
    clf.set_params(threshold=0.0)
    assert (clf.predict(X) == "Yes").all()
    clf.set_params(threshold=float(np.median(proba)))
    assert set(clf.predict(X)) == {"No", "Yes"}


def test_same_seed_gives_identical_results(xy_numeric):
    X, y = xy_numeric
    a = KerasBinaryClassifier(**FAST).fit(X, y).predict_proba(X)
    b = KerasBinaryClassifier(**FAST).fit(X, y).predict_proba(X)
    c = KerasBinaryClassifier(epochs=15, random_state=1).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_validation_data_is_used_for_early_stopping(xy_numeric):
    X, y = xy_numeric
    clf = KerasBinaryClassifier(**FAST).fit(X[:200], y[:200], validation_data=(X[200:], y[200:]))
    assert len(clf.history_["val_loss"]) == clf.n_epochs_
    # all 200 rows were trained on: nothing was carved out of X
    assert clf.history_["val_loss"][0] != pytest.approx(clf.history_["loss"][0])


def test_validation_fraction_none_trains_all_epochs(xy_numeric):
    X, y = xy_numeric
    clf = KerasBinaryClassifier(epochs=4, validation_fraction=None, random_state=0).fit(X, y)
    assert clf.n_epochs_ == 4 and "val_loss" not in clf.history_


def test_class_weight_raises_positive_predictions(xy_numeric):
    X, y = xy_numeric
    plain = KerasBinaryClassifier(**FAST).fit(X, y).predict_proba(X)[:, 1].mean()
    weighted = KerasBinaryClassifier(class_weight={0: 1, 1: 8}, **FAST).fit(X, y)
    assert weighted.predict_proba(X)[:, 1].mean() > plain


def test_custom_loss_is_accepted(xy_numeric):
    import keras

    X, y = xy_numeric
    clf = KerasBinaryClassifier(loss=keras.losses.BinaryFocalCrossentropy(), **FAST).fit(X, y)
    assert clf.predict_proba(X).shape == (len(X), 2)
    clone(clf)


def test_pickle_round_trip_keeps_predictions(xy_numeric):
    X, y = xy_numeric
    clf = KerasBinaryClassifier(**FAST).fit(X, y)
    again = pickle.loads(pickle.dumps(clf))
    np.testing.assert_allclose(again.predict_proba(X), clf.predict_proba(X), rtol=1e-6)
    assert again.history_ == clf.history_


def test_tqdm_progress_bar_replaces_epoch_logs(xy_numeric, capsys):
    X, y = xy_numeric
    KerasBinaryClassifier(epochs=3, verbose=1, random_state=0).fit(X, y)
    captured = capsys.readouterr()
    assert "Epoch 1/3" not in captured.out + captured.err
    assert "epochs" in captured.err


def test_works_in_a_pipeline_with_cross_validate(churn_frame):
    X, y = churn_frame.drop(columns="Churn"), churn_frame["Churn"]
    pipe = make_pipeline(make_preprocessor(X), KerasBinaryClassifier(**FAST))
    result = cross_validate(pipe, X, y, cv=3, scoring="roc_auc")
    assert result["test_score"].shape == (3,)
    assert np.all(result["test_score"] > 0.5)


def test_works_in_an_imbalanced_learn_pipeline_and_bagging(churn_frame):
    X, y = churn_frame.drop(columns="Churn"), churn_frame["Churn"]
    pipe = make_imb_pipeline(
        make_preprocessor(X), RandomOverSampler(random_state=0), KerasBinaryClassifier(**FAST)
    )
    assert pipe.fit(X, y).predict_proba(X).shape == (len(X), 2)
    prep = make_preprocessor(X).fit(X)
    bag = BalancedBaggingClassifier(
        KerasBinaryClassifier(**FAST), n_estimators=2, bootstrap=False, random_state=0
    ).fit(prep.transform(X), y)
    assert bag.predict_proba(prep.transform(X)).shape == (len(X), 2)


# -- bad input ------------------------------------------------------------------


def test_nan_features_get_a_clear_error(xy_numeric):
    X, y = xy_numeric
    X = X.copy()
    X[3, 2] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        KerasBinaryClassifier(**FAST).fit(X, y)


def test_mismatched_lengths_get_a_clear_error(xy_numeric):
    X, y = xy_numeric
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        KerasBinaryClassifier(**FAST).fit(X, y[:-5])


def test_multiclass_target_gets_scikit_learns_usual_error(xy_numeric):
    X, _ = xy_numeric
    with pytest.raises(ValueError, match="Only binary classification is supported"):
        KerasBinaryClassifier(**FAST).fit(X, np.arange(len(X)) % 3)


def test_single_class_target_is_rejected(xy_numeric):
    X, _ = xy_numeric
    with pytest.raises(ValueError, match="only one class"):
        KerasBinaryClassifier(**FAST).fit(X, np.zeros(len(X)))


def test_empty_input_is_rejected():
    with pytest.raises(ValueError, match="0 sample"):
        KerasBinaryClassifier(**FAST).fit(np.empty((0, 3)), np.array([]))


def test_too_few_rows_for_a_validation_slice(xy_numeric):
    X, y = xy_numeric
    rows = np.r_[np.flatnonzero(y == 1)[:1], np.flatnonzero(y == 0)[:20]]
    with pytest.raises(ValueError, match="validation_fraction=None"):
        KerasBinaryClassifier(**FAST).fit(X[rows], y[rows])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"epochs": 0}, "epochs"),
        ({"batch_size": -1}, "batch_size"),
        ({"validation_fraction": 1.5}, "validation_fraction"),
        ({"threshold": 2}, "threshold"),
        ({"class_weight": {5: 2.0}}, "class_weight"),
        ({"output_bias": "big"}, "output_bias"),
    ],
)
def test_bad_parameters_are_named(xy_numeric, params, message):
    X, y = xy_numeric
    with pytest.raises(ValueError, match=message):
        KerasBinaryClassifier(**{**FAST, **params}).fit(X, y)


def test_validation_data_with_unknown_labels_is_rejected(xy_numeric):
    X, y = xy_numeric
    with pytest.raises(ValueError, match="not in y"):
        KerasBinaryClassifier(**FAST).fit(X, y, validation_data=(X[:10], np.full(10, 7)))


def test_predict_before_fit_is_an_error(xy_numeric):
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        KerasBinaryClassifier().predict(xy_numeric[0])


def test_input_frame_is_not_modified(churn_frame):
    before = churn_frame.copy()
    X, y = churn_frame.drop(columns="Churn"), churn_frame["Churn"]
    make_pipeline(make_preprocessor(X), KerasBinaryClassifier(**FAST)).fit(X, y)
    pd.testing.assert_frame_equal(churn_frame, before)


# -- HoldoutPipeline: validation rows never pass through a sampler --------------------


class _SpyClassifier(KerasBinaryClassifier):
    """Records what reaches fit."""

    def fit(self, X, y, *, validation_data=None, sample_weight=None):
        self.seen_fit_ = np.asarray(X).copy()
        self.seen_val_ = None if validation_data is None else np.asarray(validation_data[0])
        return super().fit(X, y, validation_data=validation_data, sample_weight=sample_weight)


def _with_row_id(churn_frame):
    # A unique numeric id lets us follow rows through the steps (it passes unscaled).
    X = churn_frame.drop(columns="Churn").assign(row_id=np.arange(len(churn_frame)) + 0.5)
    return X, churn_frame["Churn"]


def _pipe(X, random_state=0):
    from sklearn.compose import ColumnTransformer

    prep = ColumnTransformer(
        [("id", "passthrough", ["row_id"]), ("rest", make_preprocessor(X.drop(columns="row_id")),
                                                 list(X.columns.drop("row_id")))]
    )  # fmt: skip
    steps = [("prep", prep), ("over", RandomOverSampler(random_state=0))]
    return HoldoutPipeline([*steps, ("ann", _SpyClassifier(**FAST))], random_state=random_state)


def test_holdout_pipeline_keeps_resampled_rows_out_of_validation(churn_frame):
    X, y = _with_row_id(churn_frame)
    pipe = _pipe(X).fit(X, y)
    spy = pipe.named_steps["ann"]
    fit_ids, val_ids = set(spy.seen_fit_[:, 0]), spy.seen_val_[:, 0]
    assert len(val_ids) == 48  # 20 % of 240, carved before oversampling
    assert len(set(val_ids)) == len(val_ids)  # no duplicates among validation rows
    assert fit_ids.isdisjoint(val_ids)  # no copy of a training row is validated on
    assert len(spy.seen_fit_) > len(X) - 48  # the training rows were oversampled


def test_holdout_pipeline_uses_given_validation_rows_untouched(churn_frame):
    X, y = _with_row_id(churn_frame)
    pipe = _pipe(X).fit(X.iloc[:200], y.iloc[:200], validation_data=(X.iloc[200:], y.iloc[200:]))
    spy = pipe.named_steps["ann"]
    np.testing.assert_array_equal(spy.seen_val_[:, 0], X["row_id"].iloc[200:])
    assert set(spy.seen_fit_[:, 0]) <= set(X["row_id"].iloc[:200])
    assert pipe.predict_proba(X).shape == (len(X), 2)


def test_holdout_pipeline_fits_other_final_steps_plainly(churn_frame):
    from sklearn.linear_model import LogisticRegression

    X, y = churn_frame.drop(columns="Churn"), churn_frame["Churn"]
    pipe = HoldoutPipeline([("prep", make_preprocessor(X)), ("lr", LogisticRegression())])
    pipe.fit(X, y, validation_data=(X.iloc[:10], y.iloc[:10]))
    assert pipe.predict_proba(X).shape == (len(X), 2)
    assert clone(pipe).get_params()["validation_fraction"] == 0.2


# Fitting a network is stochastic in ways these checks cannot allow for; each exception
# says why it is expected.
EXPECTED_FAILED_CHECKS = {
    "check_sample_weight_equivalence_on_dense_data": (
        "repeating a row is not the same as doubling its weight for mini-batch SGD"
    ),
    "check_class_weight_classifiers": "needs near-perfect accuracy after a few epochs",
    "check_methods_sample_order_invariance": (
        "float32 matrix products differ in the last bit with the row order"
    ),
}


@parametrize_with_checks(
    [KerasBinaryClassifier(epochs=5, random_state=0)],
    expected_failed_checks=lambda estimator: EXPECTED_FAILED_CHECKS,
)
def test_passes_scikit_learns_estimator_checks(estimator, check):
    check(estimator)
