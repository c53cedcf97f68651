"""Resampling by hand with pandas, as the well-known video does it, on training rows only.

These two functions teach what imbalanced-learn's ``RandomUnderSampler`` and
``RandomOverSampler`` do; the tests check that both give the same class counts and the
same kind of rows. In a model, prefer the imbalanced-learn samplers inside a pipeline:
they resample each training fold and never the validation or test rows.
"""

from __future__ import annotations

import numbers

import pandas as pd

from churnlab.data import check_target_column

__all__ = [
    "class_counts",
    "make_sampler_pipeline",
    "make_smotenc_pipeline",
    "oversample",
    "undersample",
]


def class_counts(df: pd.DataFrame, target: str) -> pd.Series:
    """Rows per class, largest first."""
    return df[target].value_counts()


def _majority_minority(df: pd.DataFrame, target: str, ratio: float, func: str):
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{func} expects a pandas DataFrame, got {type(df).__name__}.")
    check_target_column(df, target)
    if df[target].isna().any():
        raise ValueError(f"The target {target!r} has missing values; fill or drop them first.")
    if not isinstance(ratio, numbers.Real) or not 0 < ratio <= 1:
        raise ValueError(
            f"ratio (minority rows per majority row after resampling) must be in (0, 1], "
            f"got {ratio!r}."
        )
    counts = df[target].value_counts()
    if len(counts) != 2:
        what = "a single class" if len(counts) < 2 else f"{len(counts)} classes"
        raise ValueError(
            f"{func} needs a binary target; {target!r} has {what} ({list(counts.index)}). "
            "Resample the training part of a stratified split."
        )
    (majority, n_majority), (minority, n_minority) = counts.items()
    if n_minority / n_majority > ratio:
        raise ValueError(
            f"The minority class {minority!r} already has {n_minority} rows for {n_majority} "
            f"majority rows (ratio {n_minority / n_majority:.2f} > {ratio}); nothing to "
            f"{func}. Ask for a larger ratio."
        )
    return majority, minority, n_majority, n_minority


_PARAMETERS = """Parameters
    ----------
    df : pandas.DataFrame
        Training rows with the target column. It is not modified.
    target : str
        The binary target column.
    ratio : float, default=1.0
        Minority rows per majority row afterwards (1.0 balances the classes), as
        imbalanced-learn's float ``sampling_strategy``.
    random_state : int, default=None
        Seed of the random choice."""


def undersample(
    df: pd.DataFrame, target: str, *, ratio: float = 1.0, random_state: int | None = None
) -> pd.DataFrame:
    """Keep a random subset of the majority class so that minority/majority == ``ratio``.

    The video's recipe: ``df_class_0.sample(count_class_1)`` and ``pd.concat``. Apply it to
    the *training* part only; the validation and test parts keep the real class mix.

    {parameters}

    Returns
    -------
    pandas.DataFrame
        All minority rows and ``int(n_minority / ratio)`` majority rows, drawn without
        replacement; original index labels are kept, so every row is a training row.

    Examples
    --------
    >>> df = pd.DataFrame({"x": range(10), "y": [0] * 8 + [1] * 2})
    >>> undersample(df, "y", random_state=0)["y"].value_counts().sort_index().tolist()
    [2, 2]
    """
    majority, minority, n_majority, n_minority = _majority_minority(
        df, target, ratio, "undersample"
    )
    n_keep = int(n_minority / ratio)
    kept = df[df[target] == majority].sample(n=n_keep, replace=False, random_state=random_state)
    return pd.concat([kept, df[df[target] == minority]])


def oversample(
    df: pd.DataFrame, target: str, *, ratio: float = 1.0, random_state: int | None = None
) -> pd.DataFrame:
    """Add random copies of minority rows so that minority/majority == ``ratio``.

    The video's recipe: ``df_class_1.sample(count_class_0, replace=True)`` and ``pd.concat``.
    Apply it to the *training* part only: a copy of a training row in the validation or
    test part would be scored on a row the model has already seen.

    {parameters}

    Returns
    -------
    pandas.DataFrame
        Every original row, plus ``int(n_majority * ratio) - n_minority`` copies of
        minority rows drawn with replacement (their index labels repeat the originals').

    Examples
    --------
    >>> df = pd.DataFrame({"x": range(10), "y": [0] * 8 + [1] * 2})
    >>> out = oversample(df, "y", random_state=0)
    >>> out["y"].value_counts().sort_index().tolist(), set(out.index) == set(df.index)
    ([8, 8], True)
    """
    majority, minority, n_majority, n_minority = _majority_minority(
        df, target, ratio, "oversample"
    )
    n_extra = int(n_majority * ratio) - n_minority
    copies = df[df[target] == minority].sample(
        n=n_extra, replace=True, random_state=random_state
    )
    return pd.concat([df, copies])


# One wording for the parameters both functions share (as imbalanced-learn does).
undersample.__doc__ = undersample.__doc__.replace("{parameters}", _PARAMETERS)
oversample.__doc__ = oversample.__doc__.replace("{parameters}", _PARAMETERS)


def make_sampler_pipeline(X: pd.DataFrame, sampler, classifier, *, random_state=None):
    """Preprocess, resample the training rows, then classify: one imbalanced-learn pipeline.

    The sampler sees encoded, scaled rows (SMOTE's distances need numbers on one
    scale). Validation rows for early stopping are set aside before the sampler runs
    (see :class:`~churnlab.models.HoldoutPipeline`), and at ``predict`` time the sampler
    is skipped, so validation and test rows are never resampled.

    Parameters
    ----------
    X : pandas.DataFrame
        Training features; only their column names and types are read here.
    sampler : imbalanced-learn sampler or None
        E.g. ``RandomUnderSampler()``, ``SMOTE()``; ``None`` for no resampling.
    classifier : estimator
        E.g. :class:`~churnlab.models.KerasBinaryClassifier`.
    random_state : int, default=None
        Seed of the validation split.
    """
    from churnlab.features import make_preprocessor
    from churnlab.models import HoldoutPipeline

    steps = [("preprocess", make_preprocessor(X))]
    if sampler is not None:
        steps.append(("resample", sampler))
    return HoldoutPipeline([*steps, ("model", classifier)], random_state=random_state)


def make_smotenc_pipeline(X: pd.DataFrame, classifier, *, k_neighbors=5, random_state=None):
    """SMOTE-NC on the raw categories, then one-hot encoding, then the classifier.

    SMOTE on one-hot columns interpolates them into fractions ("0.4 of a two-year
    contract"); SMOTE-NC gives each synthetic row the most frequent category among its
    neighbours instead. So the categories stay text until after the sampler: numbers
    are transformed as in :func:`~churnlab.features.make_preprocessor` first (for the
    distances), categories are one-hot encoded after.

    Parameters
    ----------
    X : pandas.DataFrame
        Training features; only their column names and types are read here.
    classifier : estimator
        The final step.
    k_neighbors : int, default=5
        Neighbours SMOTE-NC interpolates between.
    random_state : int, default=None
        Seeds the sampler and the validation split.
    """
    from imblearn.over_sampling import SMOTENC
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder

    from churnlab.features import categorical_columns, make_numeric_transformer, numeric_columns
    from churnlab.models import HoldoutPipeline

    categorical = categorical_columns(X)
    if not categorical:
        raise ValueError("SMOTE-NC needs categorical columns; use SMOTE for all-numeric data.")
    scale = ColumnTransformer(
        [("numeric", make_numeric_transformer(), numeric_columns(X))],
        remainder="passthrough",
        verbose_feature_names_out=False,
    ).set_output(transform="pandas")
    encode = ColumnTransformer(
        [("categorical", OneHotEncoder(drop="if_binary", handle_unknown="ignore",
                                       sparse_output=False), categorical)],
        remainder="passthrough",
        verbose_feature_names_out=False,
    )  # fmt: skip
    sampler = SMOTENC(categorical, k_neighbors=k_neighbors, random_state=random_state)
    return HoldoutPipeline(
        [("scale", scale), ("resample", sampler), ("encode", encode), ("model", classifier)],
        random_state=random_state,
    )
