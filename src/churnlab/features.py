"""Turn a feature frame into numbers: one-hot categories, scaled numbers."""

from __future__ import annotations

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import OneHotEncoder, StandardScaler

__all__ = ["categorical_columns", "make_preprocessor", "numeric_columns"]


def categorical_columns(X: pd.DataFrame) -> list[str]:
    """Names of the non-numeric columns (text, ``str``, category, bool).

    With pandas 3 text columns have the ``str`` dtype, not ``object``, so the test
    is "not a number" rather than ``dtype == object``.
    """
    return list(X.select_dtypes(exclude="number").columns)


def numeric_columns(X: pd.DataFrame) -> list[str]:
    """Names of the numeric columns."""
    return list(X.select_dtypes(include="number").columns)


def make_preprocessor(X: pd.DataFrame, *, scale: bool = True) -> ColumnTransformer:
    """Build (not fit) the preprocessing step for a feature frame.

    Categorical columns are one-hot encoded (a single 0/1 column for two-valued
    ones; categories unseen in training become all zeros); numeric columns are
    standardised. Only the column *names and types* of ``X`` are read here: the
    encoder and scaler learn their categories, means and spreads when the pipeline
    is fitted, on training data only.

    Parameters
    ----------
    X : pandas.DataFrame
        Features (no target column).
    scale : bool, default=True
        Standardise numeric columns; ``False`` passes them through.

    Returns
    -------
    sklearn.compose.ColumnTransformer
        Unfitted; its output is a dense float array.

    Examples
    --------
    >>> X = pd.DataFrame({"plan": ["a", "b", "a"], "months": [1, 5, 9]})
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
            ("numeric", StandardScaler() if scale else "passthrough", numeric_columns(X)),
        ],
        verbose_feature_names_out=False,
    )
