"""Load the churn tables shipped in ``data/``, clean them and split them.

Every function returns new frames: the caller's DataFrame is never modified, and no
row is ever dropped silently.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

import pandas as pd
from pandas.api.types import is_float_dtype, is_integer_dtype, is_numeric_dtype
from sklearn.model_selection import train_test_split

__all__ = [
    "DATA_DIR",
    "TELCO_COLUMNS",
    "DataSplit",
    "binary_target",
    "check_class_counts",
    "check_features",
    "check_target_column",
    "clean_telco",
    "drop_identifier_columns",
    "load_csv",
    "load_hpc_data",
    "load_mlc_churn",
    "load_telco_churn",
    "split_data",
    "split_xy",
    "telco_split",
    "telco_xy",
]


def _default_data_dir() -> Path:
    override = os.environ.get("CHURNLAB_DATA_DIR")
    if override:
        return Path(override)
    # src/churnlab/data.py -> the repository's data/ folder (editable install).
    return Path(__file__).resolve().parents[2] / "data"


DATA_DIR = _default_data_dir()

TELCO_COLUMNS = [
    "gender", "SeniorCitizen", "Partner", "Dependents", "tenure", "PhoneService",
    "MultipleLines", "InternetService", "OnlineSecurity", "OnlineBackup", "DeviceProtection",
    "TechSupport", "StreamingTV", "StreamingMovies", "Contract", "PaperlessBilling",
    "PaymentMethod", "MonthlyCharges", "TotalCharges", "Churn",
]  # fmt: skip


def load_csv(path: str | os.PathLike, *, target: str | None = None) -> pd.DataFrame:
    """Read a CSV file, with clear errors for a missing file or target column.

    Parameters
    ----------
    path : str or path-like
        The CSV file.
    target : str, default=None
        If given, the column that must be present.

    Returns
    -------
    pandas.DataFrame
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"No CSV file at {str(path)!r}. Check the path; the tables that ship with the "
            f"project are in {str(DATA_DIR)!r}."
        )
    try:
        df = pd.read_csv(path)
    except pd.errors.EmptyDataError:
        raise ValueError(f"{str(path)!r} is empty: no header, no rows.") from None
    if df.empty:
        raise ValueError(f"{str(path)!r} has no rows.")
    if target is not None and target not in df.columns:
        raise ValueError(
            f"{str(path)!r} has no target column {target!r}. "
            f"Its columns are: {', '.join(map(str, df.columns))}."
        )
    return df


def load_telco_churn(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load the IBM Telco customer-churn table as stored (7,043 rows, 20 columns).

    ``TotalCharges`` stays text, as in the original file: the 11 customers with
    ``tenure == 0`` have a single space there. Use :func:`clean_telco` for the
    model-ready copy.

    Parameters
    ----------
    path : str or path-like, default=None
        A CSV in the original Kaggle/IBM layout. ``None`` reads ``data/telco_churn.csv``.
        A user's own ``WA_Fn-UseC_-Telco-Customer-Churn.csv`` works too: its
        ``customerID`` column is dropped.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`TELCO_COLUMNS`, in that order, target ``Churn`` (Yes/No).

    Examples
    --------
    >>> df = load_telco_churn()
    >>> df.shape
    (7043, 20)
    >>> int((df["Churn"] == "Yes").sum())
    1869
    """
    df = load_csv(DATA_DIR / "telco_churn.csv" if path is None else path, target="Churn")
    df = df.drop(columns=["customerID"], errors="ignore")
    missing = [c for c in TELCO_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(
            f"This CSV is not in the Telco churn layout: it lacks {', '.join(missing)}. "
            "Use load_csv() for other tables."
        )
    return df[TELCO_COLUMNS]


def load_mlc_churn(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load the second telecom churn table (5,000 rows, 707 churners, target ``churn``).

    Examples
    --------
    >>> df = load_mlc_churn()
    >>> df.shape, int((df["churn"] == "yes").sum())
    ((5000, 20), 707)
    """
    return load_csv(DATA_DIR / "mlc_churn.csv" if path is None else path, target="churn")


def load_hpc_data(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load 4,331 HPC jobs in four runtime classes (target ``class``)."""
    return load_csv(DATA_DIR / "hpc_data.csv" if path is None else path, target="class")


def clean_telco(df: pd.DataFrame) -> pd.DataFrame:
    """Return a model-ready copy of the Telco table.

    ``TotalCharges`` becomes a number; its blanks belong to customers with
    ``tenure == 0`` who have not been billed yet, so they become 0 (nothing is
    dropped). ``Churn`` becomes 1 (Yes) / 0 (No).

    Parameters
    ----------
    df : pandas.DataFrame
        The table from :func:`load_telco_churn`. It is not modified.

    Returns
    -------
    pandas.DataFrame
        Same rows and columns, ``TotalCharges`` float, ``Churn`` int.

    Examples
    --------
    >>> clean = clean_telco(load_telco_churn())
    >>> clean.shape, clean["TotalCharges"].dtype.kind, int(clean["Churn"].sum())
    ((7043, 20), 'f', 1869)
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"clean_telco expects a pandas DataFrame, got {type(df).__name__}.")
    missing = [c for c in ("tenure", "TotalCharges", "Churn") if c not in df.columns]
    if missing:
        raise ValueError(f"clean_telco needs the columns {', '.join(missing)}; they are missing.")
    out = df.copy()
    text = out["TotalCharges"].astype(str).str.strip()
    blank = text.eq("") | out["TotalCharges"].isna()
    if (out.loc[blank, "tenure"] != 0).any():
        rows = list(out.index[blank & (out["tenure"] != 0)][:5])
        raise ValueError(
            f"TotalCharges is blank for customers with tenure > 0 (rows {rows}); "
            "only new customers (tenure 0) may be blank."
        )
    numbers = pd.to_numeric(text.mask(blank, "0"), errors="coerce")
    if numbers.isna().any():
        bad = text[numbers.isna()].unique()[:5]
        raise ValueError(f"TotalCharges has values that are not numbers: {list(bad)}.")
    out["TotalCharges"] = numbers.astype(float)
    out["Churn"] = binary_target(out["Churn"], positive="Yes")
    return out


def binary_target(y, positive=None) -> pd.Series:
    """Encode a two-valued target as 1 (``positive``) / 0.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        The target values.
    positive : scalar, default=None
        The value that counts as the positive class. ``None`` infers it when the values
        are 0/1, False/True or yes/no (any case).

    Returns
    -------
    pandas.Series of int

    Examples
    --------
    >>> binary_target(["No", "Yes", "No"]).tolist()
    [0, 1, 0]
    """
    y = pd.Series(y) if not isinstance(y, pd.Series) else y
    values = _check_two_classes(y)
    if positive is None:
        positive = _infer_positive(values)
    if positive not in values:
        raise ValueError(
            f"positive={positive!r} is not a value of the target; its values are "
            f"{', '.join(map(repr, values))}."
        )
    return (y == positive).astype(int)


def _check_two_classes(y: pd.Series) -> list:
    if y.isna().any():
        raise ValueError(f"The target has {int(y.isna().sum())} missing values; fill or drop them.")
    values = list(pd.unique(y))
    if len(values) > 2:
        shown = ", ".join(map(repr, values[:6]))
        raise ValueError(
            f"The target must be binary, but it has {len(values)} distinct values ({shown}"
            f"{', ...' if len(values) > 6 else ''}). Pick a binary target or recode it."
        )
    if len(values) < 2:
        raise ValueError(
            f"The target has a single class ({values[0]!r} only) so there is nothing "
            "to learn; both classes must be present."
        )
    return values


def _infer_positive(values):
    lowered = {str(v).lower(): v for v in values}
    for pair, positive in (({"0", "1"}, "1"), ({"false", "true"}, "true"), ({"no", "yes"}, "yes")):
        if set(lowered) == pair:
            return lowered[positive]
    raise ValueError(
        f"Cannot tell which of {', '.join(map(repr, values))} is the positive class; "
        "pass positive=... (on the command line: --positive VALUE)."
    )


def check_target_column(df: pd.DataFrame, target: str) -> None:
    """Raise a ``ValueError`` naming the columns if ``target`` is not one of them."""
    if target not in df.columns:
        raise ValueError(
            f"No target column {target!r}; the columns are {', '.join(map(str, df.columns))}."
        )


def check_class_counts(y: pd.Series, minimum: int, purpose: str) -> None:
    """Raise a ``ValueError`` if the smaller class has fewer than ``minimum`` rows."""
    smallest = int(y.value_counts().min())
    if smallest < minimum:
        raise ValueError(
            f"The smaller class has only {smallest} rows; {purpose} needs at least "
            f"{minimum} of each class."
        )


def drop_identifier_columns(X: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Drop identifier-like columns: text or integer columns unique in every row.

    Float columns are never dropped by this rule (a continuous measurement is often
    unique per row).

    Returns
    -------
    X : pandas.DataFrame
        A copy without those columns.
    dropped : list of str
        Their names.
    """
    dropped = [
        column
        for column in X.columns
        if (is_integer_dtype(X[column]) or not is_numeric_dtype(X[column]))
        and not is_float_dtype(X[column])
        and len(X) > 1
        and X[column].nunique(dropna=False) == len(X)
    ]
    return X.drop(columns=dropped), dropped


def check_features(X: pd.DataFrame) -> None:
    """Raise a clear error if the feature frame is empty or has missing values."""
    if X.shape[0] == 0:
        raise ValueError("The data has no rows.")
    if X.shape[1] == 0:
        raise ValueError("The data has no feature columns besides the target.")
    counts = X.isna().sum()
    counts = counts[counts > 0]
    if len(counts):
        listed = ", ".join(f"{name} ({n})" for name, n in counts.items())
        raise ValueError(
            f"Missing values (NaN) in {listed}. Impute or drop them explicitly before "
            "modelling; nothing is dropped silently here."
        )


class DataSplit(NamedTuple):
    """Three stratified parts of a table: fit on ``train``, tune on ``val``, report on ``test``."""

    train: pd.DataFrame
    val: pd.DataFrame
    test: pd.DataFrame


def split_data(
    df: pd.DataFrame,
    target: str,
    *,
    test_size: float = 0.2,
    val_size: float = 0.2,
    random_state: int | None = 0,
) -> DataSplit:
    """Split a table into stratified train / validation / test parts.

    The test part is ``test_size`` of all rows; the validation part is ``val_size`` of
    the rest. Split before anything is learned from the data.

    Parameters
    ----------
    df : pandas.DataFrame
        The table, target column included. It is not modified.
    target : str
        The name of the target column; it must have two classes.
    test_size : float, default=0.2
        Fraction of all rows kept for the final test.
    val_size : float, default=0.2
        Fraction of the non-test rows kept for validation (early stopping, thresholds).
        ``0`` gives an empty validation part.
    random_state : int, default=0
        Seed of the shuffles; the same seed gives the same split.

    Returns
    -------
    DataSplit
        ``(train, val, test)`` frames with the original index.

    Examples
    --------
    >>> train, val, test = split_data(clean_telco(load_telco_churn()), "Churn", random_state=0)
    >>> len(train), len(val), len(test)
    (4507, 1127, 1409)
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"split_data expects a pandas DataFrame, got {type(df).__name__}.")
    if df.empty:
        raise ValueError("split_data got an empty DataFrame.")
    check_target_column(df, target)
    for name, size in (("test_size", test_size), ("val_size", val_size)):
        if not 0 <= size < 1:
            raise ValueError(f"{name} must be a fraction in [0, 1), got {size!r}.")
    y = df[target]
    _check_two_classes(y)
    check_class_counts(y, 3, "a stratified three-way split")
    rest, test = train_test_split(df, test_size=test_size, stratify=y, random_state=random_state)
    if val_size == 0:
        return DataSplit(rest, rest.iloc[:0], test)
    train, val = train_test_split(
        rest, test_size=val_size, stratify=y.loc[rest.index], random_state=random_state
    )
    return DataSplit(train, val, test)


def split_xy(df: pd.DataFrame, target: str) -> tuple[pd.DataFrame, pd.Series]:
    """Separate features and target: ``X, y = split_xy(train, "Churn")``."""
    check_target_column(df, target)
    return df.drop(columns=target), df[target].copy()


def telco_split(random_state: int = 0) -> DataSplit:
    """The split every notebook uses: the cleaned Telco table, stratified.

    The test part is 20 % of the customers; the validation part 20 % of the rest.

    Examples
    --------
    >>> train, val, test = telco_split()
    >>> len(test), f"{test['Churn'].mean():.3f}"
    (1409, '0.265')
    """
    return split_data(clean_telco(load_telco_churn()), "Churn", random_state=random_state)


class XYSplit(NamedTuple):
    """Features and target of each part: ``X_train, y_train, X_val, y_val, X_test, y_test``."""

    X_train: pd.DataFrame
    y_train: pd.Series
    X_val: pd.DataFrame
    y_val: pd.Series
    X_test: pd.DataFrame
    y_test: pd.Series


def telco_xy(random_state: int = 0) -> XYSplit:
    """:func:`telco_split`, each part separated into features and target.

    Examples
    --------
    >>> X_train, y_train, X_val, y_val, X_test, y_test = telco_xy()
    >>> X_train.shape, X_test.shape
    ((4507, 19), (1409, 19))
    """
    parts = [split_xy(part, "Churn") for part in telco_split(random_state)]
    return XYSplit(*(item for pair in parts for item in pair))
