"""churnlab: helpers for a notebook series on handling imbalanced data.

Public names are re-exported here; see each module for details. Keras is imported
lazily (by ``churnlab.models``), so loading data does not start TensorFlow.
"""

import os

# The models are written for Keras on TensorFlow, unless the user chose otherwise.
# (TensorFlow's C++ log level, TF_CPP_MIN_LOG_LEVEL, must be set before Python
# starts to take effect; the Makefile sets it.)
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

from churnlab.data import (  # noqa: E402
    DataSplit,
    clean_telco,
    load_hpc_data,
    load_mlc_churn,
    load_telco_churn,
    split_data,
    split_xy,
    telco_split,
)
from churnlab.evaluation import evaluate  # noqa: E402
from churnlab.features import make_preprocessor  # noqa: E402

__version__ = "0.1.0"

_LAZY = {
    "KerasBinaryClassifier": "churnlab.models",
    "HoldoutPipeline": "churnlab.models",
    "build_ann": "churnlab.models",
}

__all__ = [
    "DataSplit",
    "HoldoutPipeline",
    "KerasBinaryClassifier",
    "build_ann",
    "clean_telco",
    "evaluate",
    "load_hpc_data",
    "load_mlc_churn",
    "load_telco_churn",
    "make_preprocessor",
    "split_data",
    "split_xy",
    "telco_split",
]


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'churnlab' has no attribute {name!r}")
