"""Turn a feature frame into numbers: one-hot categories, scaled numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.utils.validation import check_is_fitted, validate_data

__all__ = [
    "Log1pNonNegative",
    "categorical_columns",
    "make_numeric_transformer",
    "make_preprocessor",
    "numeric_columns",
]


def categorical_columns(X: pd.DataFrame) -> list[str]:
    """Names of the non-numeric columns (text, ``str``, category, bool).

    With pandas 3 text columns have the ``str`` dtype, not ``object``, so the test
    is "not a number" rather than ``dtype == object``.
    """
    return list(X.select_dtypes(exclude="number").columns)


def numeric_columns(X: pd.DataFrame) -> list[str]:
    """Names of the numeric columns."""
    return list(X.select_dtypes(include="number").columns)


class Log1pNonNegative(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """``log(1 + x)`` of the columns that are never negative in the training rows.

    Amounts and durations such as ``TotalCharges`` and ``tenure`` are skewed: a few
    long-standing customers have very large values. The logarithm spreads out the
    small values and pulls in the large ones, which helps linear models and small
    networks alike. Which columns qualify is learned in :meth:`fit`; a negative value
    met later in such a column is treated as 0.

    Examples
    --------
    >>> Log1pNonNegative().fit_transform([[0.0, -1.0], [np.e - 1, 2.0]]).round(3).tolist()
    [[0.0, -1.0], [1.0, 2.0]]
    """

    def fit(self, X, y=None):
        X = validate_data(self, X, dtype=np.float64)
        self.log_columns_ = (X >= 0).all(axis=0)
        return self

    def transform(self, X):
        check_is_fitted(self, "log_columns_")
        X = validate_data(self, X, dtype=np.float64, reset=False, copy=True)
        X[:, self.log_columns_] = np.log1p(np.clip(X[:, self.log_columns_], 0, None))
        return X


def make_numeric_transformer(*, log: bool = True, scale: bool = True):
    """The numeric part of the preprocessing: optional ``log1p``, then standardisation."""
    steps = ([Log1pNonNegative()] if log else []) + ([StandardScaler()] if scale else [])
    return make_pipeline(*steps) if steps else "passthrough"


def make_preprocessor(
    X: pd.DataFrame, *, log: bool = True, scale: bool = True
) -> ColumnTransformer:
    """Build (not fit) the preprocessing step for a feature frame.

    Categorical columns are one-hot encoded (a single 0/1 column for two-valued
    ones; categories unseen in training become all zeros); numeric columns that are
    never negative are log-transformed (``log1p``), then all numeric columns are
    standardised. Only the column *names and types* of ``X`` are read here: the
    encoder and scaler learn their categories, means and spreads when the pipeline
    is fitted, on training data only.

    Parameters
    ----------
    X : pandas.DataFrame
        Features (no target column).
    log : bool, default=True
        ``log1p`` of the non-negative numeric columns (see :class:`Log1pNonNegative`).
    scale : bool, default=True
        Standardise numeric columns.

    Returns
    -------
    sklearn.compose.ColumnTransformer
        Unfitted; its output is a dense float array.

    Examples
    --------
    >>> X = pd.DataFrame({"plan": ["a", "b", "a"], "months": [0, 3, 15]})
    >>> make_preprocessor(X).fit_transform(X).round(2).tolist()
    [[0.0, -1.22], [1.0, 0.0], [0.0, 1.22]]
    """
    if not isinstance(X, pd.DataFrame):
        raise TypeError(
            f"make_preprocessor needs a pandas DataFrame to read column types, "
            f"got {type(X).__name__}."
        )
    if X.shape[1] == 0:
        raise ValueError("make_preprocessor got a frame with no columns.")
    encoder = OneHotEncoder(drop="if_binary", handle_unknown="ignore", sparse_output=False)
    return ColumnTransformer(
        [
            ("categorical", encoder, categorical_columns(X)),
            ("numeric", make_numeric_transformer(log=log, scale=scale), numeric_columns(X)),
        ],
        verbose_feature_names_out=False,
    )
