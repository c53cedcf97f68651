"""Tiny seeded frames for fast tests; no network, no large data."""

import numpy as np
import pandas as pd
import pytest

SEED = 0


@pytest.fixture
def churn_frame():
    """A small Telco-like table: text and numeric columns, a 0/1 target with 25 % positives."""
    rng = np.random.default_rng(SEED)
    n = 240
    tenure = rng.integers(0, 72, n)
    monthly = rng.uniform(20, 110, n).round(2)
    contract = rng.choice(["Month-to-month", "One year", "Two year"], n)
    score = -0.04 * tenure + 0.02 * monthly + (contract == "Month-to-month") * 1.5
    churn = (score + rng.normal(0, 0.7, n) > np.quantile(score, 0.75)).astype(int)
    return pd.DataFrame(
        {
            "gender": rng.choice(["Female", "Male"], n),
            "tenure": tenure,
            "Contract": contract,
            "MonthlyCharges": monthly,
            "Churn": churn,
        }
    )


@pytest.fixture
def xy_numeric():
    """A small numeric binary problem (20 % positives) as NumPy arrays."""
    from sklearn.datasets import make_classification

    return make_classification(
        n_samples=300, n_features=6, n_informative=4, weights=[0.8], random_state=SEED
    )
